import type { Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import type { LibraryApp } from "./support/library-app.js";
import { fixtureBundle } from "./support/library-fixture.js";
import { screenshot, signIn, simulate } from "./support/ui-actions.js";
import { useUiSession } from "./support/ui-session.js";

const web = (content: string) => [{ placementId: "web-banner", type: "text", content }];

/** The UI fixture plus offers, a static collection and a formula for the form editors to work on. */
function formsBundle(): Record<string, unknown> {
  const base = fixtureBundle() as { offers: unknown[]; collections: unknown[] };
  return {
    ...base,
    offers: [
      ...base.offers,
      {
        id: "spring-sale",
        name: "Spring sale",
        status: "approved",
        priority: 50,
        tags: ["spring", "seasonal"],
        eligibility: { expression: "profile.age >= 18" },
        representations: web("Spring"),
      },
      {
        id: "winter-coat",
        name: "Winter coat",
        status: "approved",
        priority: 10,
        tags: ["winter"],
        attributes: { margin: 0.4 },
        representations: web("Coats"),
      },
      {
        id: "draft-hat",
        name: "Draft hat",
        status: "draft",
        priority: 5,
        tags: ["spring"],
        attributes: { margin: 0.1 },
        representations: web("Hats"),
      },
    ],
    collections: [
      ...base.collections,
      { id: "winter-only", name: "Winter only", kind: "static", offerIds: ["winter-coat"] },
    ],
    rankingFormulas: [
      { id: "double-priority", name: "Double priority", expression: "offer.priority * 2" },
    ],
  };
}

interface Stored {
  etag: string;
  caps?: unknown[];
  kind?: string;
  tagsAny?: string[];
  conditions?: unknown[];
  offerIds?: string[];
  fallbackOfferId?: string;
  scopes?: { placementId: string; groups: { criteria: unknown[] }[] }[];
}

// One server, one browser; each test in a fresh browser context. Later tests use what earlier ones saved.
describe("Offer Library form editors in Chromium against a running decision server", () => {
  const ui = useUiSession({
    seed: async (app) => {
      await app.api("POST", "/v1/library/import?mode=merge", formsBundle());
    },
  });
  const server = (): LibraryApp => ui.server;
  let page: Page;
  beforeEach(() => {
    page = ui.page;
  });
  const get = async (path: string): Promise<Stored> =>
    (await server().api<Stored>("GET", path)).body;
  const open = async (hash: string): Promise<void> => {
    await signIn(page, server().uiUrl, server().adminKey);
    await page.goto(`${server().uiUrl}${hash}`);
  };

  it("a dynamic collection shows live how many offers it matches, by tags and attribute conditions", async () => {
    await open("#/collections/new");
    await page.getByLabel("Id", { exact: true }).fill("high-margin");
    await page.getByLabel("Name", { exact: true }).fill("High margin");
    const count = page.getByTestId("collection-match-count");
    await page.getByLabel("Has any of the tags (comma separated)").fill("spring");
    await expect.poll(() => count.textContent()).toBe("Matches 2 offers (1 approved)");
    const listed = page.getByTestId("collection-preview-offers");
    expect(
      await listed
        .locator("li[data-offer-id]")
        .evaluateAll((items) => items.map((i) => i.getAttribute("data-offer-id")).sort()),
    ).toEqual(["draft-hat", "spring-sale"]);

    await page.getByLabel("Has any of the tags (comma separated)").fill("spring, winter");
    await expect.poll(() => count.textContent()).toBe("Matches 3 offers (2 approved)");
    await page.getByRole("button", { name: "Add condition" }).click();
    await page.getByLabel("Attribute (condition 1)").fill("margin");
    await page.getByLabel("Operator (condition 1)").selectOption("gte");
    await page.getByLabel("Value (condition 1)").fill("0.3");
    await expect.poll(() => count.textContent()).toBe("Matches 1 offer (1 approved)");
    expect(await listed.locator("li[data-offer-id]").getAttribute("data-offer-id")).toBe(
      "winter-coat",
    );
    await screenshot(page, "collection-dynamic-preview");

    await page.getByRole("button", { name: "Create collection" }).click();
    await page.getByRole("heading", { name: "Collection: High margin" }).waitFor();
    const saved = await get("/v1/collections/high-margin");
    expect(saved).toMatchObject({
      kind: "dynamic",
      tagsAny: ["spring", "winter"],
      conditions: [{ attribute: "margin", op: "gte", value: 0.3 }],
    });

    // A static collection is a pick list; the preview follows the picks.
    await page.goto(`${server().uiUrl}#/collections/new`);
    await page.getByLabel("Static: a list of chosen offers").check();
    await expect.poll(() => count.textContent()).toBe("Matches 0 offers (0 approved)");
    await page.getByLabel("Filter offers").fill("draft");
    await page.getByLabel(/Draft hat/).check();
    await expect.poll(() => count.textContent()).toBe("Matches 1 offer (0 approved)");
    expect(
      await page.getByRole("list", { name: "Offers to pick" }).getByRole("checkbox").count(),
    ).toBe(1);
  });

  it("the CEL editor evaluates the expression on a sample profile, context and offer", async () => {
    await open("#/rules/adults");
    const value = page.getByTestId("tester-value");
    await expect.poll(() => value.textContent()).toBe("true");

    await page
      .getByLabel("Sample profile (JSON)")
      .fill('{ "id": "kid", "attributes": { "age": 10 } }');
    await expect.poll(() => value.textContent()).toBe("false");
    expect(await page.getByTestId("tester-failing-clause").textContent()).toBe("profile.age >= 18");

    const expression = page.getByLabel("Expression (CEL, boolean)");
    await page.getByLabel("Sample profile (JSON)").fill('{ "age": 30 }');
    await page.getByLabel("Sample context (JSON)").fill('{ "channel": "app" }');
    await expression.fill('profile.age >= 18 && context.channel == "web"');
    await expect
      .poll(() =>
        page
          .getByTestId("tester-failing-clause")
          .textContent()
          .catch(() => ""),
      )
      .toBe('context.channel == "web"');
    await page.getByLabel("Sample context (JSON)").fill('{ "channel": "web" }');
    await expect.poll(() => value.textContent()).toBe("true");
    await screenshot(page, "rule-tester");

    // A parse error, before anything is saved, at its position.
    await expression.fill("profile.age >=");
    const issue = page.getByTestId("tester-error").locator(".rule-issue");
    await expect.poll(() => issue.getAttribute("data-span-start").catch(() => null)).toBe("14");
    expect(await issue.locator("pre").textContent()).toBe("profile.age >=⌃");
    // A type error: a rule must be a bool.
    await expression.fill("profile.age + 1");
    await expect.poll(() => page.getByTestId("tester-error").textContent()).toMatch(/bool/);
    // Bad sample JSON is named, not sent.
    await expression.fill("true");
    await page.getByLabel("Sample profile (JSON)").fill("{ nope");
    await expect
      .poll(() => page.getByTestId("tester-error").textContent())
      .toContain("Profile is not valid JSON");

    // A formula reads the chosen sample offer.
    await page.goto(`${server().uiUrl}#/ranking-formulas/double-priority`);
    await page.getByLabel("Sample offer").selectOption("spring-sale");
    await expect.poll(() => value.textContent()).toBe("100");
    await page.getByLabel("Sample offer").selectOption("winter-coat");
    await expect.poll(() => value.textContent()).toBe("20");
  });

  it("builds a decision in its form: fallback picker, placement, ordered groups moved with the keyboard, criterion rule and formula", async () => {
    await open("#/decision-configs/new");
    await page.getByLabel("Id", { exact: true }).fill("weekend");
    await page.getByLabel("Name", { exact: true }).fill("Weekend");
    const fallback = page.getByLabel("Fallback offer");
    await expect
      .poll(() => fallback.locator("option").allTextContents())
      .toContain("House ad (house-ad)");
    expect((await fallback.locator("option").allTextContents()).join(" ")).not.toMatch(
      /Spring sale|Winter coat/,
    );

    // Saving without a fallback: the server's problem shows at the field.
    await page.getByLabel("Placement (scope 1)").selectOption("web-banner");
    await page
      .getByLabel("Collection (criterion 1, group 1 of scope 1)")
      .selectOption("spring-offers");
    await page.getByRole("button", { name: "Create decision" }).click();
    await expect.poll(() => fallback.getAttribute("aria-invalid")).toBe("true");
    expect(
      await page.locator(`#${await fallback.getAttribute("aria-describedby")}`).textContent(),
    ).not.toBe("");
    await fallback.selectOption("house-ad");
    // The field's message goes once the field is changed (the next save checks it again).
    expect(await fallback.getAttribute("aria-invalid")).toBeNull();

    await page.getByRole("button", { name: "Add a criteria group to scope 1" }).click();
    await page
      .getByLabel("Collection (criterion 1, group 2 of scope 1)")
      .selectOption("winter-only");
    await page.getByLabel("Ranking (criterion 1, group 2 of scope 1)").selectOption("formula");
    await page
      .getByLabel("Ranking formula (criterion 1, group 2 of scope 1)")
      .selectOption("double-priority");

    // Move group 2 up with the keyboard; focus follows the moved group.
    await page.getByRole("button", { name: "Move group 2 up" }).focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.getByLabel("Collection (criterion 1, group 1 of scope 1)").inputValue())
      .toBe("winter-only");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe("Move group 1 down");
    expect(await page.getByLabel("Collection (criterion 1, group 2 of scope 1)").inputValue()).toBe(
      "spring-offers",
    );

    await page
      .getByLabel("Extra rule (criterion 1, group 1 of scope 1)")
      .selectOption("expression");
    await page
      .getByLabel("Rule expression (criterion 1, group 1 of scope 1)")
      .fill("profile.age >= 21");
    await screenshot(page, "decision-form");
    await page.getByRole("button", { name: "Create decision" }).click();
    await page.getByRole("heading", { name: "Decision: Weekend" }).waitFor();
    const saved = await get("/v1/decision-configs/weekend");
    expect(saved.fallbackOfferId).toBe("house-ad");
    expect(saved.scopes).toEqual([
      {
        placementId: "web-banner",
        groups: [
          {
            criteria: [
              {
                collectionId: "winter-only",
                rule: { expression: "profile.age >= 21" },
                ranking: { method: "formula", formulaId: "double-priority" },
              },
            ],
          },
          { criteria: [{ collectionId: "spring-offers", ranking: { method: "priority" } }] },
        ],
      },
    ]);

    // Live, it picks from the first group that yields an offer.
    await page.getByRole("button", { name: "Go live" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("live");
    await simulate(page, server().uiUrl, { id: "adult", attributes: { age: 30 } }, [
      "Weekend (weekend, live) → web-banner",
    ]);
    const proposition = page.getByTestId("proposition-weekend-web-banner");
    await expect
      .poll(() => proposition.locator("[data-offer-id]").first().getAttribute("data-offer-id"))
      .toBe("winter-coat");
  });

  it("caps are a form; a cap's validation error shows at its field and nothing is lost", async () => {
    await open("#/offers/winter-coat");
    await page.getByRole("button", { name: "Add a cap" }).click();
    await page.getByLabel("Window (cap 1)").selectOption("rolling");
    const duration = page.getByLabel(/^Duration, ISO 8601/);
    await duration.fill("7 days");
    await page.getByLabel("Limit (cap 1)").fill("2");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => duration.getAttribute("aria-invalid")).toBe("true");
    expect(
      await page.locator(`#${await duration.getAttribute("aria-describedby")}`).textContent(),
    ).toContain("ISO 8601");
    expect((await get("/v1/offers/winter-coat")).caps).toEqual([]);
    expect(await duration.inputValue()).toBe("7 days");
    await screenshot(page, "offer-cap-error");

    await duration.fill("P7D");
    expect(await duration.getAttribute("aria-invalid")).toBeNull();
    await page.getByLabel("Placements (cap 1)").selectOption("list");
    await page.getByLabel("Web banner (web-banner)").check();
    await page.getByLabel("Counted event (cap 1)").selectOption("custom");
    await page.getByLabel("Custom event name (cap 1)").fill("add-to-cart");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");
    expect((await get("/v1/offers/winter-coat")).caps).toEqual([
      {
        id: "cap-1",
        event: { custom: "add-to-cart" },
        scope: "profile",
        limit: 2,
        window: { type: "rolling", duration: "P7D" },
        placements: ["web-banner"],
      },
    ]);
    expect(await duration.getAttribute("aria-invalid")).toBeNull();
  });

  it("filters offers by tag and status, and creates a fallback offer that decisions can pick", async () => {
    await open("#/offers");
    const rows = page.locator("table.offers tbody tr");
    await expect.poll(() => rows.count()).toBe(4);
    await page.getByLabel("Tag").fill("winter");
    await expect
      .poll(() => rows.evaluateAll((r) => r.map((x) => x.getAttribute("data-offer-id"))))
      .toEqual(["winter-coat"]);
    await page.getByLabel("Tag").fill("");
    await page.getByLabel("Kind").selectOption("fallback");
    await expect
      .poll(() => rows.evaluateAll((r) => r.map((x) => x.getAttribute("data-offer-id"))))
      .toEqual(["house-ad"]);
    await page.getByLabel("Kind").selectOption("");
    await page.getByLabel("Status").selectOption("draft");
    await expect
      .poll(() => rows.evaluateAll((r) => r.map((x) => x.getAttribute("data-offer-id"))))
      .toEqual(["draft-hat", "house-ad"]);

    await page.getByRole("link", { name: "New offer" }).click();
    await page.getByLabel("Id", { exact: true }).fill("summer-house-ad");
    await page.getByLabel("Name", { exact: true }).fill("Summer house ad");
    await page.getByLabel("Kind").selectOption("fallback");
    // A fallback offer has content only: no priority, dates, eligibility or caps.
    expect(await page.getByLabel("Priority").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Add a cap" }).count()).toBe(0);
    expect(await page.getByRole("group", { name: "Eligibility" }).count()).toBe(0);
    await page.getByRole("button", { name: "Add representation" }).click();
    // The new representation takes its placement's content type, and follows a change of placement.
    const representation = page.getByTestId("representation-1");
    const placement = await representation.getByLabel("Placement").inputValue();
    expect(await representation.getByLabel("Content type").inputValue()).toBe(
      placement === "email-hero" ? "html" : "text",
    );
    await representation.getByLabel("Placement").selectOption("email-hero");
    expect(await representation.getByLabel("Content type").inputValue()).toBe("html");
    await representation.getByLabel("Placement").selectOption("web-banner");
    expect(await representation.getByLabel("Content type").inputValue()).toBe("text");
    await page
      .getByTestId("representation-1")
      .getByLabel("Content", { exact: true })
      .fill("Summer is here");
    await page.getByRole("button", { name: "Create offer" }).click();
    await expect.poll(() => page.getByTestId("offer-status").textContent()).toBe("draft");
    expect((await get("/v1/offers/summer-house-ad")).kind).toBe("fallback");

    await page.goto(`${server().uiUrl}#/decision-configs/homepage`);
    await expect
      .poll(() => page.getByLabel("Fallback offer").locator("option").allTextContents())
      .toContain("Summer house ad (summer-house-ad)");
  });

  it("edits a placement in its form; an out-of-range item count is stopped by the browser", async () => {
    await open("#/placements/new");
    await page.getByLabel("Id", { exact: true }).fill("app-card");
    await page.getByLabel("Name", { exact: true }).fill("App card");
    await page.getByLabel("Channel").selectOption("app");
    await page.getByLabel("Content type").selectOption("json");
    const itemCount = page.getByLabel(/^Items per request/);
    await itemCount.fill("40");
    await page.getByRole("button", { name: "Create placement" }).click();
    expect(await itemCount.evaluate((el) => (el as HTMLInputElement).validity.rangeOverflow)).toBe(
      true,
    );
    await expect(server().api("GET", "/v1/placements/app-card")).rejects.toThrow(/404/);
    await itemCount.fill("2");
    await page.getByLabel("Allow the same offer in other scopes of a request").check();
    await page.getByRole("button", { name: "Create placement" }).click();
    await page.getByRole("heading", { name: "Placement: App card" }).waitFor();
    expect(await get("/v1/placements/app-card")).toMatchObject({
      channel: "app",
      contentType: "json",
      itemCount: 2,
      allowDuplicates: true,
    });
  });

  it("a stale save of a collection shows the other version and keeps the form's edits", async () => {
    await open("#/collections/winter-only");
    await page.getByTestId("collection-match-count").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Winter picks");
    await page.getByLabel(/Spring sale/).check();
    const before = await get("/v1/collections/winter-only");
    await server().api(
      "PATCH",
      "/v1/collections/winter-only",
      { description: "changed by Bob" },
      { "if-match": `"${before.etag}"` },
    );

    await page.getByRole("button", { name: "Save changes" }).click();
    const conflict = page.getByRole("alert").filter({ hasText: "changed by someone else" });
    await conflict.waitFor();
    expect(await conflict.getByTestId("conflict-current").textContent()).toContain(
      "changed by Bob",
    );
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Winter picks");
    expect(await page.getByLabel(/Spring sale/).isChecked()).toBe(true);

    await conflict.getByRole("button", { name: "Save my version over theirs" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");
    expect(await get("/v1/collections/winter-only")).toMatchObject({
      name: "Winter picks",
      offerIds: ["winter-coat", "spring-sale"],
    });
  });
});
