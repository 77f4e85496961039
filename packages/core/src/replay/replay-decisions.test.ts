import { describe, expect, it } from "vitest";
import { DecisionEngine } from "../engine/decision-engine.js";
import type { DecisionEvent, FeedbackEvent, OfferEvent } from "../model/event.js";
import type { LibraryBundleInput } from "../model/library.js";
import { library, offer } from "../test-support/library-fixtures.js";
import { seededRandom } from "../util/seeded-random.js";
import { replayDecisions } from "./replay-decisions.js";

const RATES = { o0: 0.02, o1: 0.05, o2: 0.11, o3: 0.07 } as const;
const T0 = Date.parse("2026-06-01T00:00:00Z");

/** Every offer at the same priority: with a random tie-break per request the logging policy is uniform. */
function uniformLibrary(): LibraryBundleInput {
  return library({ offers: Object.keys(RATES).map((id) => offer(id, 1)), itemCount: 1 });
}

/** The same offers, but o2 always wins: a known deterministic policy whose true click rate is 0.11. */
function alwaysO2(): LibraryBundleInput {
  return library({
    offers: Object.keys(RATES).map((id) => offer(id, id === "o2" ? 5 : 1)),
    itemCount: 1,
  });
}

async function simulateLog(
  n: number,
  seed: number,
): Promise<{ decisions: DecisionEvent[]; feedback: FeedbackEvent[] }> {
  const logged: OfferEvent[] = [];
  let t = T0;
  const engine = new DecisionEngine({
    library: uniformLibrary(),
    seed,
    clock: { now: () => new Date(t) },
    eventSink: { emit: (e) => void logged.push(...e) },
  });
  const world = seededRandom(seed + 1);
  const feedback: FeedbackEvent[] = [];
  for (let i = 0; i < n; i++) {
    t += 60_000;
    const r = await engine.decide({
      profile: { id: `u${i % 997}`, attributes: { age: 20 + (i % 50) } },
      context: { channel: "web" },
      scopes: [{ decisionId: "d", placementId: "top" }],
      options: { randomTieBreakSeed: i },
    });
    const p = r.propositions[0]!;
    const item = p.items[0]!;
    const base = {
      timestamp: new Date(t + 5000).toISOString(),
      profileId: `u${i % 997}`,
      propositionId: p.id,
      decisionId: "d",
      placementId: "top",
      offerId: item.offerId,
    };
    feedback.push({ ...base, id: `d${i}`, type: "display" });
    if (world() < RATES[item.offerId as keyof typeof RATES])
      feedback.push({ ...base, id: `i${i}`, type: "interact" });
  }
  return { decisions: logged.filter((e): e is DecisionEvent => e.type === "decision"), feedback };
}

describe("replay", () => {
  it("recovers the true click rate of a known policy inside its intervals, on simulated logs", async () => {
    const log = await simulateLog(12_000, 3);
    expect(log.decisions[0]!.items[0]!.propensity).toBeCloseTo(0.25, 12);
    const report = await replayDecisions({ ...log, library: alwaysO2(), seed: 1 });
    const { ips, snips, doublyRobust, logged } = report.estimates;
    console.log(
      `replay: true 0.1100; IPS ${ips.estimate.toFixed(4)} [${ips.low.toFixed(4)}, ${ips.high.toFixed(4)}], ` +
        `SNIPS ${snips.estimate.toFixed(4)} [${snips.low.toFixed(4)}, ${snips.high.toFixed(4)}], ` +
        `DR ${doublyRobust.estimate.toFixed(4)} [${doublyRobust.low.toFixed(4)}, ${doublyRobust.high.toFixed(4)}]; ` +
        `logged ${logged.estimate.toFixed(4)} (true 0.0625)`,
    );
    expect(report.estimates.decisions).toBe(12_000);
    for (const e of [ips, snips, doublyRobust]) {
      expect(e.low).toBeLessThanOrEqual(0.11);
      expect(e.high).toBeGreaterThanOrEqual(0.11);
    }
    // The logging policy's own rate is the mean of the four rates.
    expect(logged.low).toBeLessThanOrEqual(0.0625);
    expect(logged.high).toBeGreaterThanOrEqual(0.0625);
    // The new library puts everything on o2: its share rises from ~25 % to 100 %.
    expect(report.shareChanges[0]).toMatchObject({ offerId: "o2", newShare: 1 });
    expect(report.shareChanges[0]!.change).toBeGreaterThan(0.7);
  }, 60_000);

  it("a Thompson library learns from the logged feedback during the replay and beats the logged policy", async () => {
    const log = await simulateLog(6_000, 11);
    const thompson = uniformLibrary();
    thompson.decisions![0]!.scopes = thompson.decisions![0]!.scopes.map((s) => ({
      ...s,
      groups: [
        {
          criteria: [{ collectionId: "all", ranking: { method: "thompson", propensityDraws: 0 } }],
        },
      ],
    })) as never;
    const report = await replayDecisions({ ...log, library: thompson, seed: 2 });
    expect(report.estimates.doublyRobust.estimate).toBeGreaterThan(report.estimates.logged.high);
    expect(report.shareChanges.find((s) => s.offerId === "o2")!.change).toBeGreaterThan(0.3);
  }, 60_000);

  it("leaves out held-out decisions and events without request data", async () => {
    const log = await simulateLog(50, 5);
    const [first, second, ...rest] = log.decisions;
    const { profileAttributes: _p, context: _c, ...bare } = first!;
    const report = await replayDecisions({
      decisions: [bare as DecisionEvent, { ...second!, holdout: true }, ...rest],
      feedback: log.feedback,
      library: alwaysO2(),
    });
    expect(report.estimates.decisions).toBe(48);
    expect(Object.values(report.skipped).sort()).toEqual([1, 1]);
  });
});
