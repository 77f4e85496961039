import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { seriousAxeViolations } from "./support/axe.js";
import type { LibraryApp } from "./support/library-app.js";
import { fixtureBundle } from "./support/library-fixture.js";
import { screenshot, signIn } from "./support/ui-actions.js";
import { useUiSession } from "./support/ui-session.js";

const springSale = {
  id: "spring-sale",
  name: "Spring sale",
  status: "approved",
  tags: ["spring"],
  eligibility: { ruleId: "adults" },
  representations: [
    { placementId: "web-banner", type: "text", content: "20 % off" },
    { placementId: "email-hero", type: "html", content: "<p>20 % off</p>" },
  ],
};

/**
 * Real decisions (stored as decision events) and feedback: 3 adults and a child on the web banner
 * (the child falls back), one adult by email; two displays and one click of the spring sale.
 */
async function seedReportData(app: LibraryApp): Promise<void> {
  const bundle = fixtureBundle() as { offers: unknown[] };
  await app.api("POST", "/v1/library/import?mode=merge", {
    ...bundle,
    offers: [...bundle.offers, springSale],
  });
  const decide = async (id: string, age: number, placementId: string) => {
    const r = await app.api<{ propositions: { id: string; reason: string }[] }>(
      "POST",
      "/v1/decisions",
      {
        profile: { id, attributes: { age } },
        scopes: [{ decisionId: "homepage", placementId }],
      },
    );
    return r.body.propositions[0]!;
  };
  const web = [
    await decide("a-1", 30, "web-banner"),
    await decide("a-2", 40, "web-banner"),
    await decide("a-3", 50, "web-banner"),
  ];
  expect((await decide("kid", 9, "web-banner")).reason).toBe("fallback");
  await decide("a-4", 35, "email-hero");
  const now = new Date().toISOString();
  const event = (id: string, type: string, propositionId: string) => ({
    id,
    type,
    timestamp: now,
    profileId: "a-1",
    propositionId,
    decisionId: "homepage",
    placementId: "web-banner",
    offerId: "spring-sale",
  });
  await app.api("POST", "/v1/events", {
    events: [
      event("ev-1", "display", web[0]!.id),
      event("ev-2", "display", web[1]!.id),
      event("ev-3", "interact", web[0]!.id),
    ],
  });
}

describe("Reports and batch jobs pages in Chromium against a running decision server", () => {
  const ui = useUiSession({
    viewport: { width: 1280, height: 1000 },
    actionTimeoutMs: 20_000,
    seed: async (app) => {
      await seedReportData(app);
    },
  });
  const server = (): LibraryApp => ui.server;
  let page: Page;
  beforeEach(() => {
    page = ui.page;
  });
  const today = new Date().toISOString().slice(0, 10);

  /**
   * axe is injected as an inline script, which the UI's Content-Security-Policy forbids: it runs in a
   * context of its own that bypasses CSP, after the steps above ran under the real policy.
   */
  const axeOn = async (route: string, ready: (p: Page) => Promise<unknown>): Promise<unknown[]> => {
    const scan = await ui.newContext({ bypassCSP: true });
    try {
      const p = await scan.newPage();
      await signIn(p, server().uiUrl, server().adminKey);
      await p.goto(`${server().uiUrl}${route}`);
      await ready(p);
      return await seriousAxeViolations(p);
    } finally {
      await scan.close();
    }
  };

  const cells = async (testId: string): Promise<string[]> =>
    page.getByTestId(testId).locator("th, td").allTextContents();

  it("shows the day's numbers per offer and placement, the charts with a data table, and passes axe", async () => {
    await signIn(page, server().uiUrl, server().adminKey);
    await page.getByRole("link", { name: "Reports" }).click();
    await page.getByRole("heading", { name: "Reports", level: 1 }).waitFor();
    await page.getByRole("table", { name: "Per offer and placement" }).waitFor();

    expect(await cells(`row ${today} spring-sale web-banner`)).toEqual([
      today,
      "Spring sale",
      "Web banner",
      "3",
      "0",
      "2",
      "1",
      "50.0 %",
      "0",
    ]);
    expect(await cells(`row ${today} spring-sale email-hero`)).toEqual([
      today,
      "Spring sale",
      "Email hero",
      "1",
      "0",
      "0",
      "0",
      "–",
      "0",
    ]);
    expect(await cells(`row ${today} house-ad web-banner`)).toEqual([
      today,
      "House ad",
      "Web banner",
      "0",
      "1",
      "0",
      "0",
      "–",
      "0",
    ]);
    const totals = page
      .getByRole("table", { name: "Daily totals" })
      .getByRole("row", { name: new RegExp(`^${today}`) });
    expect(await totals.locator("td").allTextContents()).toEqual([
      "4",
      "1",
      "2",
      "1",
      "50.0 %",
      "20.0 %",
    ]);
    expect(
      await page.getByRole("img", { name: /Decisions, displays and interacts per day/ }).count(),
    ).toBe(1);
    expect(
      await page.getByRole("img", { name: /Interact rate and fallback share per day/ }).count(),
    ).toBe(1);

    // Filter to one placement: only its rows, and its own fallback share (1 of 4 on the web banner).
    await page.getByLabel("Placement", { exact: true }).selectOption("web-banner");
    await page.getByRole("button", { name: "Show report" }).click();
    await expect
      .poll(() => page.getByTestId(`row ${today} spring-sale email-hero`).count())
      .toBe(0);
    expect(await totals.locator("td").allTextContents()).toEqual([
      "3",
      "1",
      "2",
      "1",
      "50.0 %",
      "25.0 %",
    ]);

    // A bad range is the server's 400, shown with the parameter it names.
    await page.getByLabel("From", { exact: true }).fill("2020-01-01");
    await page.getByRole("button", { name: "Show report" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("query.to");

    await page.getByLabel("From", { exact: true }).fill(today);
    await page.getByRole("button", { name: "Show report" }).click();
    await page.getByTestId(`row ${today} spring-sale web-banner`).waitFor();
    await screenshot(page, "reports-page");
    expect(
      await axeOn("#/reports", (p) =>
        p.getByRole("table", { name: "Per offer and placement" }).waitFor(),
      ),
    ).toEqual([]);
  }, 120_000);

  it("starts a batch job from an uploaded file, shows its progress and bad lines, and offers the output", async () => {
    await signIn(page, server().uiUrl, server().adminKey);
    await page.getByRole("link", { name: "Batch jobs" }).click();
    await page.getByRole("heading", { name: "Batch jobs", level: 1 }).waitFor();
    const audience = [
      ...Array.from({ length: 40 }, (_, i) =>
        JSON.stringify({ profile: { id: `b-${i}`, attributes: { age: 10 + i } } }),
      ),
      "not json",
    ].join("\n");
    await page.getByLabel("Audience file").setInputFiles({
      name: "audience.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(audience),
    });
    await page.getByLabel("Homepage (homepage, live) → web-banner").check();
    await page.getByRole("button", { name: "Start batch job" }).click();

    const row = page.locator("tr[data-testid^='job ']").first();
    await expect
      .poll(() => row.getByTestId("status").textContent(), { timeout: 60_000 })
      .toBe("succeeded");
    expect(await row.locator("td").allTextContents()).toEqual(
      expect.arrayContaining(["40", expect.stringMatching(/^1/)]),
    );
    expect(await row.getByText("41 / 41").count()).toBe(1);
    await row.getByText("Lines").click();
    expect(await row.getByText("line 41: not valid JSON", { exact: false }).count()).toBe(1);

    await row.getByRole("button", { name: /Download output of/ }).click();
    const save = row.getByRole("link", { name: /Save .*\.jsonl/ });
    await save.waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), save.click()]);
    const output = await readFile((await download.path()) ?? expect.fail("no download"), "utf8");
    const lines = output
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { profileId: string; propositions: { reason: string }[] });
    expect(lines).toHaveLength(40);
    // Under-18s (ages 10–17) fall back; adults get the spring sale.
    expect(lines.filter((l) => l.propositions[0]?.reason === "fallback")).toHaveLength(8);

    await screenshot(page, "batch-jobs-page");
    expect(
      await axeOn("#/batch", (p) => p.getByRole("table", { name: "Batch jobs" }).waitFor()),
    ).toEqual([]);
  }, 120_000);
});
