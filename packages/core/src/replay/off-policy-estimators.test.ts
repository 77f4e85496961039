import { describe, expect, it } from "vitest";
import { seededRandom, type RandomSource } from "../util/seeded-random.js";
import { estimateOffPolicy, meanEstimate, type ReplayedDecision } from "./off-policy-estimators.js";

const RATES: Record<string, number> = { a: 0.02, b: 0.05, c: 0.12, d: 0.08 };
const OFFERS = Object.keys(RATES);

/** A logging policy that prefers "a" (50 %) and spreads the rest; the new policy always picks `target`. */
function simulate(random: RandomSource, n: number, target: string): ReplayedDecision[] {
  const probs = [0.5, 0.2, 0.15, 0.15];
  const out: ReplayedDecision[] = [];
  for (let i = 0; i < n; i++) {
    let u = random();
    let k = 0;
    while (k < probs.length - 1 && u >= probs[k]!) u -= probs[k++]!;
    const offerId = OFFERS[k]!;
    const reward = random() < RATES[offerId]! ? 1 : 0;
    out.push({ logged: [{ offerId, propensity: probs[k]!, reward }], chosen: [target] });
  }
  return out;
}

describe("off-policy estimators", () => {
  it("recover the true click rate of a deterministic policy inside their 95 % intervals", () => {
    const result = estimateOffPolicy(simulate(seededRandom(1), 50_000, "c"));
    for (const e of [result.ips, result.snips, result.doublyRobust]) {
      expect(e.low).toBeLessThanOrEqual(0.12);
      expect(e.high).toBeGreaterThanOrEqual(0.12);
      expect(e.high - e.low).toBeLessThan(0.03);
    }
    // The logging policy's own rate: 0.5·0.02 + 0.2·0.05 + 0.15·0.12 + 0.15·0.08 = 0.05.
    expect(result.logged.low).toBeLessThanOrEqual(0.05);
    expect(result.logged.high).toBeGreaterThanOrEqual(0.05);
  });

  it("intervals cover the truth about 95 % of the time", () => {
    const random = seededRandom(2);
    let covered = { ips: 0, snips: 0, dr: 0 };
    const runs = 200;
    for (let r = 0; r < runs; r++) {
      const e = estimateOffPolicy(simulate(random, 2000, "d"));
      const inside = (x: { low: number; high: number }) =>
        x.low <= 0.08 && 0.08 <= x.high ? 1 : 0;
      covered = {
        ips: covered.ips + inside(e.ips),
        snips: covered.snips + inside(e.snips),
        dr: covered.dr + inside(e.doublyRobust),
      };
    }
    for (const c of Object.values(covered)) {
      expect(c / runs).toBeGreaterThan(0.88);
      expect(c / runs).toBeLessThan(0.995);
    }
  });

  it("an item the new policy picks that was never logged counts 0 in IPS and the reward model in DR", () => {
    const decisions: ReplayedDecision[] = [
      { logged: [{ offerId: "x", propensity: 0.5, reward: 1 }], chosen: ["y"] },
      { logged: [{ offerId: "x", propensity: 0.5, reward: 0 }], chosen: ["y"] },
    ];
    const e = estimateOffPolicy(decisions, () => 0.25);
    expect(e.ips.estimate).toBe(0);
    expect(e.doublyRobust.estimate).toBe(0.25);
    expect(e.logged.estimate).toBe(0.5);
  });

  it("rejects a logged propensity of 0 for a matched item", () => {
    expect(() =>
      estimateOffPolicy([{ logged: [{ offerId: "x", propensity: 0, reward: 1 }], chosen: ["x"] }]),
    ).toThrow(/propensity/);
  });

  it("mean estimate: normal interval", () => {
    const e = meanEstimate([0, 1, 0, 1]);
    expect(e.estimate).toBe(0.5);
    expect(e.standardError).toBeCloseTo(Math.sqrt(1 / 3 / 4), 12);
    expect(e.high - e.estimate).toBeCloseTo(1.96 * e.standardError, 2);
  });
});
