import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RequestListener } from "node:http";
import type { BrowserContext, Page } from "playwright-core";
import {
  DecisionEngine,
  type FeedbackEvent,
  type LibraryBundleInput,
  type OfferEvent,
} from "@offerkit/core";
import { retailDemoLibrary } from "@offerkit/core/demo";
import { createOfferkitClient } from "@offerkit/client";
import { createStorefront, type StorefrontOptions } from "../src/storefront-app.js";
import { launchChromium } from "./chromium.js";
import { miniDecisionServer } from "./mini-decision-server.js";
import { buildBrowserBundle, serve } from "./storefront-server.js";

let assetsDir: string;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  assetsDir = await buildBrowserBundle();
  chrome = await launchChromium();
}, 120_000);
afterAll(async () => {
  await chrome?.close();
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Backend = StorefrontOptions["backend"];

/** A storefront on a free port; `events` is what its in-process engine counted. */
async function startShop(
  options: Partial<Omit<StorefrontOptions, "assetsDir">> & { library?: LibraryBundleInput } = {},
) {
  const events: OfferEvent[] = [];
  const engine = new DecisionEngine({
    library: options.library ?? retailDemoLibrary,
    eventSink: { emit: (e) => void events.push(...e) },
  });
  const backend: Backend = options.backend ?? { engine };
  const app = createStorefront({
    flushIntervalMs: 200,
    onError: () => undefined,
    ...options,
    backend,
    assetsDir,
  });
  const server = await serve(app);
  cleanups.push(() => server.close());
  return { url: server.url, events, engine };
}

interface OpenedPage {
  page: Page;
  context: BrowserContext;
  decisionRequests: string[];
  problems: string[];
}

/** A fresh browser context (no cookies) at 1280×720, recording decision requests, errors and layout shifts. */
async function open(url: string): Promise<OpenedPage> {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 720 } });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  const decisionRequests: string[] = [];
  const problems: string[] = [];
  page.on(
    "request",
    (r) => void (r.url().includes("/v1/decisions") && decisionRequests.push(r.url())),
  );
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => void (m.type() === "error" && problems.push(m.text())));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number };
    w.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
      })[]) {
        if (!entry.hadRecentInput) w.__cls += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(url);
  return { page, context, decisionRequests, problems };
}

const cls = (page: Page) => page.evaluate(() => (window as unknown as { __cls: number }).__cls);
const displays = (events: OfferEvent[], placementId: string) =>
  events.filter((e): e is FeedbackEvent => e.type === "display" && e.placementId === placementId);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const slot = (page: Page, name: "hero" | "more") => page.locator(`.${name}-slot`);

describe("storefront in Chromium", () => {
  it("renders the server's decisions with zero decision requests and no layout shift", async () => {
    const shop = await startShop();
    const { page, decisionRequests, problems } = await open(shop.url);
    const decided = shop.events.filter((e) => e.type === "decision");
    expect(decided.map((e) => e.placementId)).toEqual(["web-hero", "web-sidebar"]);
    const hero = decided[0]!;
    const heroOffer =
      hero.type === "decision" ? (hero.items[0]?.offerId ?? hero.fallbackOfferId) : undefined;
    await expect(
      slot(page, "hero").locator("[data-offerkit-item]").getAttribute("data-offer-id"),
    ).resolves.toBe(heroOffer);
    expect(await slot(page, "hero").getAttribute("data-status")).toMatch(/^(ready|fallback)$/);
    await page.waitForLoadState("networkidle");
    await sleep(1500);
    expect(decisionRequests).toEqual([]);
    expect(await cls(page)).toBe(0);
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("counts the hero impression once after 1 s in view, and the below-the-fold slot only once scrolled to", async () => {
    const shop = await startShop();
    const { page } = await open(shop.url);
    const heroProposition = shop.events.find(
      (e) => e.type === "decision" && e.placementId === "web-hero",
    )!.propositionId;
    const moreBox = await slot(page, "more").boundingBox();
    expect(moreBox!.y).toBeGreaterThan(720);

    await expect.poll(() => displays(shop.events, "web-hero").length, { timeout: 5000 }).toBe(1);
    const timeOrigin = await page.evaluate(() => performance.timeOrigin);
    const heroDisplay = displays(shop.events, "web-hero")[0]!;
    expect(heroDisplay.propositionId).toBe(heroProposition);
    // Seen for at least a second before it was counted.
    expect(Date.parse(heroDisplay.timestamp) - timeOrigin).toBeGreaterThanOrEqual(1000);

    await sleep(2000);
    expect(displays(shop.events, "web-hero")).toHaveLength(1);
    expect(displays(shop.events, "web-sidebar")).toHaveLength(0);

    await slot(page, "more").scrollIntoViewIfNeeded();
    const sidebarItems = await slot(page, "more")
      .locator("[data-offer-id]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-offer-id")));
    expect(sidebarItems.length).toBeGreaterThan(0);
    await expect
      .poll(() => displays(shop.events, "web-sidebar").length, { timeout: 5000 })
      .toBe(sidebarItems.length);
    await sleep(1500);
    expect(
      displays(shop.events, "web-sidebar")
        .map((e) => e.offerId)
        .sort(),
    ).toEqual([...sidebarItems].sort());
    expect(displays(shop.events, "web-hero")).toHaveLength(1);
  });

  it("sends one interact event per click", async () => {
    const shop = await startShop();
    const { page } = await open(shop.url);
    const item = slot(page, "hero").locator("[data-offerkit-item]");
    const offerId = await item.getAttribute("data-offer-id");
    await item.locator("h2").click();
    await expect
      .poll(() => shop.events.filter((e) => e.type === "interact").length, { timeout: 5000 })
      .toBe(1);
    await sleep(1000);
    const interacts = shop.events.filter((e) => e.type === "interact");
    expect(interacts).toHaveLength(1);
    expect(interacts[0]).toMatchObject({ offerId, placementId: "web-hero" });
  });

  it("hands queued events to sendBeacon when the visitor leaves the page", async () => {
    const shop = await startShop({ flushIntervalMs: 60_000 });
    const { page } = await open(shop.url);
    await sleep(1600);
    expect(displays(shop.events, "web-hero")).toHaveLength(0);
    await page.goto("about:blank");
    await expect.poll(() => displays(shop.events, "web-hero").length, { timeout: 5000 }).toBe(1);
  });

  describe("with a remote decision server", () => {
    async function remoteShop(server: RequestListener, options: Partial<StorefrontOptions> = {}) {
      const decisionServer = await serve(server);
      cleanups.push(() => decisionServer.close());
      const shop = await startShop({
        backend: { client: createOfferkitClient({ baseUrl: decisionServer.url, apiKey: "k" }) },
        ...options,
      });
      return { shop, decisionServer };
    }

    it("decides in the browser through the app's router when the page has no bootstrap", async () => {
      const { shop } = await remoteShop(
        miniDecisionServer(new DecisionEngine({ library: retailDemoLibrary }), "k"),
      );
      const { page, decisionRequests, problems } = await open(`${shop.url}/csr`);
      await expect
        .poll(() => slot(page, "hero").getAttribute("data-status"), { timeout: 5000 })
        .toMatch(/^(ready|fallback)$/);
      expect(decisionRequests).toHaveLength(1);
      expect(decisionRequests[0]).toBe(`${shop.url}/offerkit/v1/decisions`);
      await sleep(500);
      // The invisible fallback held the hero's box: the answer replaced it without moving the page.
      expect(await cls(page)).toBe(0);
      expect(problems, problems.join("\n")).toEqual([]);
    });

    it("with the decision server stopped, shows the fallback: at once when server-rendered, within the timeout in the browser", async () => {
      const { shop, decisionServer } = await remoteShop(
        miniDecisionServer(new DecisionEngine({ library: retailDemoLibrary }), "k"),
        { revealAfterMs: 1500 },
      );
      await decisionServer.close();

      const ssr = await open(shop.url);
      expect(await slot(ssr.page, "hero").getAttribute("data-status")).toBe("error");
      expect(
        await slot(ssr.page, "hero").locator("text=Gear for every adventure").isVisible(),
      ).toBe(true);

      const started = Date.now();
      const csr = await open(`${shop.url}/csr`);
      await slot(csr.page, "hero")
        .locator("text=Gear for every adventure")
        .waitFor({ state: "visible", timeout: 1500 });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await slot(csr.page, "hero").getAttribute("data-status")).toBe("error");
      expect(csr.problems.filter((p) => !p.includes("503"))).toEqual([]);
    });

    it("keeps the fallback invisible while a hanging server is deciding, and reveals it after the timeout", async () => {
      const { shop } = await remoteShop(() => undefined, {
        revealAfterMs: 1500,
        decideTimeoutMs: 10_000,
      });
      const { page } = await open(`${shop.url}/csr`);
      const fallback = slot(page, "hero").locator("text=Gear for every adventure");
      await sleep(500);
      expect(await slot(page, "hero").getAttribute("data-status")).toBe("loading");
      expect(await fallback.isVisible()).toBe(false);
      await fallback.waitFor({ state: "visible", timeout: 2000 });
      expect(await slot(page, "hero").getAttribute("data-status")).toBe("timeout");
      expect(await cls(page)).toBe(0);
    });
  });

  it("renders offer HTML carrying script, event-handler and javascript: payloads inert, on the server and in the browser", async () => {
    const hostile =
      '<h2>Deal of the day</h2><script>window.__pwned="script"</script><img src="/missing.png" onerror="window.__pwned=\'onerror\'">' +
      '<a id="js-link" href="javascript:window.__pwned=\'href\'">Click me</a><svg><animate onbegin="window.__pwned=\'svg\'" attributeName="x" dur="1s"/></svg>' +
      "<iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe><div onmouseover=\"window.__pwned='hover'\">Hover</div>";
    const library = structuredClone(retailDemoLibrary) as unknown as {
      offers: { representations?: { placementId: string; content?: unknown }[] }[];
    };
    for (const offer of library.offers) {
      for (const r of offer.representations ?? [])
        if (r.placementId === "web-hero") r.content = hostile;
    }
    const shop = await startShop({ library: library as unknown as LibraryBundleInput });
    for (const path of ["/", "/csr"]) {
      const { page, problems } = await open(`${shop.url}${path}`);
      const hero = slot(page, "hero");
      await hero.locator("text=Deal of the day").waitFor({ timeout: 5000 });
      await hero.locator("text=Hover").hover();
      await hero.locator("text=Click me").click();
      await sleep(500);
      expect(
        await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned),
      ).toBeUndefined();
      expect(await hero.locator("script, iframe, svg animate").count()).toBe(0);
      const handlers = await hero.evaluate((el) =>
        [...el.querySelectorAll("*")].flatMap((n) =>
          [...n.attributes]
            .filter((a) => a.name.startsWith("on") || /^\s*javascript:/i.test(a.value))
            .map((a) => a.name),
        ),
      );
      expect(handlers).toEqual([]);
      expect(problems.filter((p) => p.startsWith("dialog"))).toEqual([]);

      // Control: the same HTML inserted unsanitized does run, so the checks above can fail.
      await page.evaluate((html) => {
        const raw = document.createElement("div");
        raw.innerHTML = html;
        document.body.append(raw);
      }, hostile);
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), {
          timeout: 3000,
        })
        .toMatch(/^(script|onerror|svg|iframe|hover)$/);
    }
  });
});
