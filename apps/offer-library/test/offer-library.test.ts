import type { Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { seriousAxeViolations } from "./support/axe.js";
import type { LibraryApp } from "./support/library-app.js";
import { fixtureBundle } from "./support/library-fixture.js";
import { screenshot, signIn, simulate } from "./support/ui-actions.js";
import { useUiSession } from "./support/ui-session.js";

const WEB_SCOPE = "Homepage (homepage, live) → web-banner";
const ADULT = { id: "cust-30", attributes: { age: 30 } };
const OFFER_URL = "#/offers/spring-sale";

interface OfferBody {
  name: string;
  status: string;
  priority: number;
  etag: string;
  eligibility?: { expression?: string };
  representations: { placementId: string; type: string; content?: unknown }[];
}

// One server, one browser, one library for the whole file: the tests build on each other in order
// (create → approve → simulate → edit → conflict → invalid rule), each in a fresh browser context.
describe("Offer Library UI in Chromium against a running decision server", () => {
  const ui = useUiSession({
    seed: async (app) => {
      await app.api("POST", "/v1/library/import?mode=merge", fixtureBundle());
    },
  });
  const server = (): LibraryApp => ui.server;
  let page: Page;
  beforeEach(() => {
    page = ui.page;
  });
  const getOffer = async (): Promise<OfferBody> =>
    (await server().api<OfferBody>("GET", "/v1/offers/spring-sale")).body;

  it("refuses an unknown key, and a read-only key sees no edit controls", async () => {
    await page.goto(server().uiUrl);
    await page.getByLabel("API key").fill("ok_not-a-real-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("not accepted");

    await signIn(page, server().uiUrl, server().readOnlyKey);
    await expect.poll(() => page.getByTestId("role").textContent()).toBe("Read-only");
    await page.getByRole("link", { name: "House ad" }).waitFor();
    expect(await page.getByRole("link", { name: "New offer" }).count()).toBe(0);

    await page.getByRole("link", { name: "House ad" }).click();
    await page.getByRole("heading", { name: "Offer: House ad" }).waitFor();
    expect(
      await page
        .getByRole("button", { name: /Save changes|Approve|Archive|Add representation/ })
        .count(),
    ).toBe(0);
    expect(await page.getByLabel("Name", { exact: true }).getAttribute("readonly")).not.toBeNull();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);

    // The decision and collection forms are read-only too: no add / move / remove / save / transition.
    await page.goto(`${server().uiUrl}#/decision-configs/homepage`);
    await expect.poll(() => page.getByLabel("Placement (scope 1)").inputValue()).toBe("web-banner");
    expect(
      await page
        .getByRole("button", { name: /Move|Remove|Add|Save|Go live|Complete|Archive/ })
        .count(),
    ).toBe(0);
    expect(await page.getByLabel("Placement (scope 1)").isDisabled()).toBe(true);
    expect(await page.getByLabel("Fallback offer").isDisabled()).toBe(true);
    await page.goto(`${server().uiUrl}#/collections/spring-offers`);
    await page.getByTestId("collection-match-count").waitFor();
    expect(await page.getByRole("button", { name: /Add|Remove|Save/ }).count()).toBe(0);
    expect(
      await page.getByLabel("Has any of the tags (comma separated)").getAttribute("readonly"),
    ).not.toBeNull();
  });

  it("creates an offer with two representations and live previews, approves it, and a simulation chooses it", async () => {
    await signIn(page, server().uiUrl, server().adminKey);
    await page.getByRole("link", { name: "New offer" }).click();
    await page.getByLabel("Id", { exact: true }).fill("spring-sale");
    await page.getByLabel("Name", { exact: true }).fill("Spring sale");
    await page.getByLabel("Tags (comma separated)").fill("spring, seasonal");
    await page.getByLabel("Priority").fill("50");
    await page.getByLabel("Rule expression (CEL)").check();
    await page.getByLabel("Eligibility rule (CEL)").fill("profile.age >= 18");

    await page.getByRole("button", { name: "Add representation" }).click();
    const first = page.getByTestId("representation-1");
    await first.getByLabel("Placement").selectOption("web-banner");
    await first.getByLabel("Content", { exact: true }).fill("Spring sale: 20% off");
    await page.getByRole("button", { name: "Add representation" }).click();
    const second = page.getByTestId("representation-2");
    await second.getByLabel("Placement").selectOption("email-hero");
    await second.getByLabel("Content type").selectOption("html");
    await second
      .getByLabel("Content", { exact: true })
      .fill('<p>Spring <b>sale</b></p><img src="data:," onerror="window.__xss = 1">');

    // Live previews: text as text, HTML sanitized by DOMPurify (markup kept, handlers removed).
    await expect
      .poll(() => first.getByTestId("representation-preview").textContent())
      .toContain("Spring sale: 20% off");
    const htmlPreview = second.locator(".preview-html");
    await expect.poll(() => htmlPreview.locator("b").textContent()).toBe("sale");
    expect(await htmlPreview.locator("img").getAttribute("onerror")).toBeNull();
    expect(await second.getByTestId("alt-warning").textContent()).toContain("1 image(s)");
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    await screenshot(page, "offer-editor-new");

    await page.getByRole("button", { name: "Create offer" }).click();
    await expect.poll(() => page.getByTestId("offer-status").textContent()).toBe("draft");
    const created = await getOffer();
    expect(created.representations).toEqual([
      { placementId: "web-banner", type: "text", content: "Spring sale: 20% off" },
      {
        placementId: "email-hero",
        type: "html",
        content: '<p>Spring <b>sale</b></p><img src="data:," onerror="window.__xss = 1">',
      },
    ]);

    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.getByTestId("offer-status").textContent()).toBe("approved");
    expect((await getOffer()).status).toBe("approved");
    await page.getByRole("button", { name: "Back to draft" }).waitFor();

    await simulate(page, server().uiUrl, ADULT, [WEB_SCOPE]);
    const proposition = page.getByTestId("proposition-homepage-web-banner");
    await expect.poll(() => proposition.textContent()).toContain("1 offer(s) chosen");
    expect(await proposition.locator('[data-offer-id="spring-sale"]').count()).toBe(1);
    const row = page
      .getByTestId("trace-homepage-web-banner")
      .locator('tr[data-offer-id="spring-sale"]');
    expect(await row.getAttribute("data-stage")).toBe("selected");
    await screenshot(page, "simulate-chosen");
  });

  it("after the rule is tightened the profile no longer qualifies, and the trace says why", async () => {
    await signIn(page, server().uiUrl, server().adminKey);
    await page.goto(`${server().uiUrl}${OFFER_URL}`);
    await page.getByLabel("Eligibility rule (CEL)").fill("profile.age >= 40");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");
    expect((await getOffer()).eligibility).toEqual({ expression: "profile.age >= 40" });

    await simulate(page, server().uiUrl, ADULT, [WEB_SCOPE]);
    const proposition = page.getByTestId("proposition-homepage-web-banner");
    await expect.poll(() => proposition.textContent()).toContain("fallback");
    expect(await proposition.locator('[data-offer-id="house-ad"]').count()).toBe(1);
    const row = page
      .getByTestId("trace-homepage-web-banner")
      .locator('tr[data-offer-id="spring-sale"]');
    expect(await row.getAttribute("data-stage")).toBe("eligibility");
    expect(await row.locator("td").nth(3).textContent()).toContain("profile.age >= 40");

    // "Why not this offer?": any offer of the library, explained from the trace.
    const whyNot = page.getByTestId("why-not");
    await page.getByLabel("Offer to explain").selectOption("spring-sale");
    expect(await whyNot.locator("li").getAttribute("data-stage")).toBe("eligibility");
    expect(await whyNot.textContent()).toContain("profile.age >= 40");
    await page.getByLabel("Offer to explain").selectOption("house-ad");
    expect(await whyNot.locator("li").getAttribute("data-stage")).toBe("absent");
    expect(await whyNot.textContent()).toContain(
      "fallback offers are only used when nothing qualifies",
    );
    await screenshot(page, "simulate-trace-not-eligible");

    // A profile saved under a name can be picked again later (kept in this browser).
    await page.getByLabel("Save this profile as").fill("adult, 30");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByLabel("Profile (JSON)").fill("{}");
    await page.getByLabel("Saved profiles").selectOption("adult, 30");
    expect(JSON.parse(await page.getByLabel("Profile (JSON)").inputValue())).toEqual(ADULT);
  });

  it("saving on a stale etag shows the conflict with the server's version and keeps the user's edits", async () => {
    await signIn(page, server().uiUrl, server().adminKey);
    await page.goto(`${server().uiUrl}${OFFER_URL}`);
    await page.getByLabel("Priority").fill("60");

    // Someone else saves meanwhile.
    const before = await getOffer();
    await server().api(
      "PATCH",
      "/v1/offers/spring-sale",
      { name: "Spring sale (edited by Bob)" },
      { "if-match": `"${before.etag}"` },
    );

    await page.getByRole("button", { name: "Save changes" }).click();
    const conflict = page.getByRole("alert").filter({ hasText: "changed by someone else" });
    await conflict.waitFor();
    expect(await conflict.getByTestId("conflict-name").textContent()).toBe(
      "Spring sale (edited by Bob)",
    );
    expect(await page.getByLabel("Priority").inputValue()).toBe("60");
    expect((await getOffer()).priority).toBe(50);
    await screenshot(page, "offer-conflict");

    await conflict.getByRole("button", { name: "Save my version over theirs" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");
    expect(
      await page.getByRole("alert").filter({ hasText: "changed by someone else" }).count(),
    ).toBe(0);
    const saved = await getOffer();
    expect(saved.priority).toBe(60);
    expect(saved.name).toBe("Spring sale");
  });

  it("an invalid CEL rule is refused and its error is shown at its position", async () => {
    await signIn(page, server().uiUrl, server().adminKey);
    await page.goto(`${server().uiUrl}${OFFER_URL}`);
    const rule = page.getByLabel("Eligibility rule (CEL)");
    const source = "profile.age >= 18 && profile.country ==";
    await rule.fill(source);
    await page.getByRole("button", { name: "Save changes" }).click();

    const issue = page.locator(".rule-editor .rule-issue").first();
    await issue.waitFor();
    expect(await rule.getAttribute("aria-invalid")).toBe("true");
    expect(Number(await issue.getAttribute("data-span-start"))).toBe(source.length);
    expect(await issue.getByTestId("rule-error-position").textContent()).toContain(
      `character ${source.length + 1}`,
    );
    expect(await issue.getByTestId("rule-error-message").textContent()).toMatch(/EOF|token/i);
    // The marked source is the user's expression with the mark at the failing position.
    expect(await issue.locator("pre").textContent()).toBe(`${source}⌃`);
    expect(await rule.inputValue()).toBe(source);
    expect((await getOffer()).eligibility).toEqual({ expression: "profile.age >= 40" });
    await screenshot(page, "offer-invalid-rule");

    // A type error points inside the expression.
    const typed = "profile.age >= 18 && 1 + 'a' == 2";
    await rule.fill(typed);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect
      .poll(async () => page.locator(".rule-editor .rule-issue pre").first().textContent())
      .not.toBe(`${source}⌃`);
    const start = Number(
      await page.locator(".rule-editor .rule-issue").first().getAttribute("data-span-start"),
    );
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(typed.length);
  });

  it("exports the library and validates a bundle with a report", async () => {
    await signIn(page, server().uiUrl, server().adminKey);
    await page.goto(`${server().uiUrl}#/library`);
    await page.getByRole("button", { name: "Export the library" }).click();
    await expect
      .poll(() => page.getByLabel("Library bundle (JSON)").inputValue())
      .toContain('"spring-sale"');
    await page.getByRole("button", { name: "Validate" }).click();
    await expect
      .poll(() => page.getByTestId("validation-report").textContent())
      .toContain("The bundle is valid");

    const broken = {
      ...fixtureBundle(),
      collections: [
        { id: "spring-offers", name: "Spring", kind: "static", offerIds: ["missing-offer"] },
      ],
    };
    await page.getByLabel("Library bundle (JSON)").fill(JSON.stringify(broken));
    await page.getByRole("button", { name: "Validate" }).click();
    await expect
      .poll(() => page.getByTestId("validation-report").textContent())
      .toContain("nothing was written");
    expect(await page.getByTestId("validation-report").textContent()).toContain("missing-offer");
    await screenshot(page, "library-validation-report");
  });

  it("the main pages have no serious or critical accessibility violations (axe-core)", async () => {
    // The UI's CSP forbids inline scripts, axe's injection included: this context bypasses it.
    page = await ui.reopen({ bypassCSP: true });
    await page.goto(server().uiUrl);
    const found: Record<string, unknown[]> = { "sign-in": await seriousAxeViolations(page) };
    await signIn(page, server().uiUrl, server().adminKey);
    await page.getByRole("link", { name: "Spring sale", exact: true }).waitFor();
    found.offers = await seriousAxeViolations(page);
    await screenshot(page, "offers-list");

    await page.goto(`${server().uiUrl}${OFFER_URL}`);
    await page.getByTestId("representation-2").waitFor();
    found.editor = await seriousAxeViolations(page);
    await screenshot(page, "offer-editor");

    await simulate(page, server().uiUrl, ADULT, [WEB_SCOPE]);
    found.simulate = await seriousAxeViolations(page);

    await page.goto(`${server().uiUrl}#/library`);
    await page.getByRole("heading", { name: "Export / import the library" }).waitFor();
    found.library = await seriousAxeViolations(page);

    await page.goto(`${server().uiUrl}#/rules/adults`);
    await page.getByLabel("Expression (CEL, boolean)").waitFor();
    found.rule = await seriousAxeViolations(page);

    await page.goto(`${server().uiUrl}#/decision-configs/homepage`);
    await expect.poll(() => page.getByLabel("Placement (scope 1)").inputValue()).toBe("web-banner");
    found.decision = await seriousAxeViolations(page);
    await screenshot(page, "decision-editor");

    await page.goto(`${server().uiUrl}#/collections/spring-offers`);
    await page.getByTestId("collection-match-count").waitFor();
    found.collection = await seriousAxeViolations(page);
    await screenshot(page, "collection-editor");

    await page.goto(`${server().uiUrl}#/placements/web-banner`);
    await expect.poll(() => page.getByLabel("Channel").inputValue()).toBe("web");
    found.placement = await seriousAxeViolations(page);
    expect(found).toEqual({
      "sign-in": [],
      offers: [],
      editor: [],
      simulate: [],
      library: [],
      rule: [],
      decision: [],
      collection: [],
      placement: [],
    });
  });

  it("edits rules with CEL errors at their position, moves a decision live, and duplicates an offer", async () => {
    await signIn(page, server().uiUrl, server().adminKey);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Rules" })
      .click();
    await page.getByRole("link", { name: "Adults" }).click();
    const expression = page.getByLabel("Expression (CEL, boolean)");
    await expression.fill("profile.age >=");
    await page.getByRole("button", { name: "Save changes" }).click();
    const issue = page.locator(".rule-editor .rule-issue").first();
    await issue.waitFor();
    expect(Number(await issue.getAttribute("data-span-start"))).toBe("profile.age >=".length);
    expect(
      (await server().api<{ expression: string }>("GET", "/v1/rules/adults")).body.expression,
    ).toBe("profile.age >= 18");

    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Rules" })
      .click();
    await page.getByRole("link", { name: "New rule" }).click();
    await page.getByLabel("Id", { exact: true }).fill("gold-members");
    await page.getByLabel("Name", { exact: true }).fill("Gold members");
    await page.getByLabel("Expression (CEL, boolean)").fill('profile.tier == "gold"');
    await page.getByRole("button", { name: "Create rule" }).click();
    await page.getByRole("heading", { name: "Rule: Gold members" }).waitFor();
    expect(
      (await server().api<{ expression: string }>("GET", "/v1/rules/gold-members")).body.expression,
    ).toBe('profile.tier == "gold"');

    await server().api("POST", "/v1/decision-configs", {
      id: "summer",
      name: "Summer",
      fallbackOfferId: "house-ad",
      scopes: [
        { placementId: "web-banner", groups: [{ criteria: [{ collectionId: "spring-offers" }] }] },
      ],
    });
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Decisions" })
      .click();
    await page.getByRole("link", { name: "Summer" }).click();
    await page.getByRole("button", { name: "Go live" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("live");
    expect(
      (await server().api<{ status: string }>("GET", "/v1/decision-configs/summer")).body.status,
    ).toBe("live");

    await page.goto(`${server().uiUrl}${OFFER_URL}`);
    await page.getByRole("button", { name: "Duplicate" }).click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).not.toBe(OFFER_URL);
    await expect.poll(() => page.getByTestId("offer-status").textContent()).toBe("draft");
    const copyId = decodeURIComponent(
      (await page.evaluate(() => window.location.hash)).replace("#/offers/", ""),
    );
    const copy = (await server().api<OfferBody>("GET", `/v1/offers/${encodeURIComponent(copyId)}`))
      .body;
    expect(copy.status).toBe("draft");
    expect(copy.representations).toHaveLength(2);
  });

  it("an exhausted cap shows in the editor and in the trace with its count and limit", async () => {
    const offer = await getOffer();
    await server().api(
      "PATCH",
      "/v1/offers/spring-sale",
      { caps: [{ id: "once-per-profile", event: "decision", scope: "profile", limit: 1 }] },
      { "if-match": `"${offer.etag}"` },
    );
    const profile = { id: "cust-50", attributes: { age: 50 } };
    const decided = await server().api<{ propositions: { items: { offerId: string }[] }[] }>(
      "POST",
      "/v1/decisions",
      {
        profile,
        scopes: [{ decisionId: "homepage", placementId: "web-banner" }],
      },
    );
    expect(decided.body.propositions[0]?.items.map((i) => i.offerId)).toEqual(["spring-sale"]);

    await signIn(page, server().uiUrl, server().adminKey);
    await page.goto(`${server().uiUrl}${OFFER_URL}`);
    await expect
      .poll(() => page.getByLabel("Cap id (cap 1)").inputValue())
      .toBe("once-per-profile");
    expect(await page.getByLabel("Limit (cap 1)").inputValue()).toBe("1");

    await simulate(page, server().uiUrl, profile, [WEB_SCOPE]);
    const row = page
      .getByTestId("trace-homepage-web-banner")
      .locator('tr[data-offer-id="spring-sale"]');
    expect(await row.getAttribute("data-stage")).toBe("cap");
    expect(await row.locator("td").nth(4).textContent()).toBe("once-per-profile: 1 / 1");
    await screenshot(page, "simulate-trace-capped");
  });
});
