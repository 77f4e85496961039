/** offerkit replay on a simulated log whose true click rates are known. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DecisionEngine,
  seededRandom,
  type LibraryBundleInput,
  type OfferEvent,
} from "@offerkit/core";
import { runCli } from "../src/run-cli.js";
import { captureIo } from "./capture-io.js";

const RATES: Record<string, number> = { banner: 0.03, coupon: 0.09, upgrade: 0.05 };
const T0 = Date.parse("2026-06-01T00:00:00Z");

function libraryWith(priorities: Record<string, number>): LibraryBundleInput {
  const offers = Object.keys(RATES).map((id) => ({
    id,
    name: id,
    status: "approved" as const,
    priority: priorities[id] ?? 1,
    representations: [{ placementId: "hero", type: "text" as const, content: id }],
  }));
  return {
    version: 1,
    placements: [{ id: "hero", name: "Hero", channel: "web", contentType: "text", itemCount: 1 }],
    offers: [
      ...offers,
      {
        id: "fb",
        name: "fb",
        kind: "fallback",
        status: "approved",
        representations: [{ placementId: "hero", type: "text", content: "fb" }],
      },
    ],
    collections: [{ id: "all", name: "all", kind: "static", offerIds: Object.keys(RATES) }],
    decisions: [
      {
        id: "home",
        name: "home",
        status: "live",
        fallbackOfferId: "fb",
        scopes: [{ placementId: "hero", groups: [{ criteria: [{ collectionId: "all" }] }] }],
      },
    ],
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "offerkit-replay-"));
  // Logging policy: equal priorities and a random tie-break per request (uniform, propensity 1/3).
  const decisions: OfferEvent[] = [];
  const outcomes: unknown[] = [];
  let t = T0;
  const engine = new DecisionEngine({
    library: libraryWith({}),
    seed: 4,
    clock: { now: () => new Date(t) },
    eventSink: { emit: (e) => void decisions.push(...e) },
  });
  const world = seededRandom(99);
  for (let i = 0; i < 9000; i++) {
    t += 30_000;
    const r = await engine.decide({
      profile: { id: `c${i % 500}`, attributes: { tier: i % 3 === 0 ? "gold" : "silver" } },
      scopes: [{ decisionId: "home", placementId: "hero" }],
      options: { randomTieBreakSeed: `r${i}` },
    });
    const p = r.propositions[0]!;
    const offerId = p.items[0]!.offerId;
    const base = {
      timestamp: new Date(t + 1000).toISOString(),
      profileId: `c${i % 500}`,
      propositionId: p.id,
      decisionId: "home",
      placementId: "hero",
      offerId,
    };
    outcomes.push({ ...base, id: `s${i}`, type: "display" });
    if (world() < RATES[offerId]!) outcomes.push({ ...base, id: `k${i}`, type: "interact" });
  }
  await writeFile(
    join(dir, "decisions.jsonl"),
    `${decisions.map((e) => JSON.stringify(e)).join("\n")}\n`,
  );
  await writeFile(
    join(dir, "events.jsonl"),
    `${outcomes.map((e) => JSON.stringify(e)).join("\n")}\n`,
  );
  // The new library always shows "coupon": its true click rate is 0.09.
  await writeFile(join(dir, "new.json"), JSON.stringify(libraryWith({ coupon: 10 })));
  await writeFile(
    join(dir, "bad.jsonl"),
    `${JSON.stringify(decisions[0])}\n{"type":"decision","id":"x"}\nnot json\n`,
  );
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("offerkit replay", () => {
  it("estimates the new library's click rate with intervals that hold the true rate, and the share shifts", async () => {
    const io = captureIo(dir);
    expect(
      await runCli(
        [
          "replay",
          "--events",
          "decisions.jsonl",
          "--outcomes",
          "events.jsonl",
          "--library",
          "new.json",
        ],
        io,
      ),
    ).toBe(0);
    const out = io.out();
    console.log(out);
    expect(out).toContain("Replay of 9000 logged decision(s) through new.json");
    for (const label of ["new library, IPS", "new library, SNIPS", "new library, doubly robust"]) {
      const line = out.split("\n").find((l) => l.includes(label))!;
      const [estimate, low, high] = [...line.matchAll(/\d+\.\d{4}/g)].map((m) => Number(m[0]));
      expect(low).toBeLessThanOrEqual(0.09);
      expect(high).toBeGreaterThanOrEqual(0.09);
      expect(Math.abs(estimate! - 0.09)).toBeLessThan(0.02);
    }
    expect(out).toMatch(/coupon\s+3\d\.\d %\s+100\.0 %\s+\+6\d\.\d pp/);

    const json = captureIo(dir);
    expect(
      await runCli(
        [
          "replay",
          "--events",
          "decisions.jsonl",
          "--outcomes",
          "events.jsonl",
          "--library",
          "new.json",
          "--json",
        ],
        json,
      ),
    ).toBe(0);
    const report = JSON.parse(json.out()) as {
      estimates: { ips: { estimate: number; low: number; high: number } };
    };
    expect(report.estimates.ips.low).toBeLessThanOrEqual(0.09);
    expect(report.estimates.ips.high).toBeGreaterThanOrEqual(0.09);
  }, 60_000);

  it("names the file, line and field of bad events, and usage errors", async () => {
    const bad = captureIo(dir);
    expect(await runCli(["replay", "--events", "bad.jsonl", "--library", "new.json"], bad)).toBe(1);
    expect(bad.err()).toContain("VALIDATION_FAILED");
    expect(bad.err()).toMatch(/bad\.jsonl:2/);
    expect(bad.err()).toMatch(/bad\.jsonl:3.*not valid JSON/);
    const usage = captureIo(dir);
    expect(await runCli(["replay", "--events", "decisions.jsonl"], usage)).toBe(2);
    expect(usage.err()).toContain("replay needs --events and --library");
  });
});
