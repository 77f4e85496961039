import { describe, expect, it } from "vitest";
import { MemoryCounterStore } from "../caps/memory-counter-store.js";
import { seededRandom } from "../util/seeded-random.js";
import { armIncrements, DEFAULT_PRIOR, posteriorOf, readArmCounts } from "./bandit-arm.js";
import { drawScores, topIndices } from "./thompson-selection.js";

/**
 * A simulated environment with known click rates: the bandit learns only from the display and
 * interact events it records in the counter store, as track() does. (The engine-level version of
 * this test runs the same environment through DecisionEngine.decide / track.)
 */
describe("Thompson sampling in a simulated environment", () => {
  it("sends ≥ 80 % of traffic to the best offer after 20,000 impressions", async () => {
    const rates = [0.03, 0.05, 0.04, 0.08, 0.06];
    const best = rates.indexOf(Math.max(...rates));
    const arms = rates.map((_, i) => ({ offerId: `offer-${i}`, placementId: "hero" }));
    const store = new MemoryCounterStore();
    const policy = seededRandom(2026);
    const world = seededRandom(7);
    const impressions = 20_000;
    const lastWindow = 2_000;
    let regret = 0;
    let bestInLastWindow = 0;
    let bestOverall = 0;
    for (let t = 0; t < impressions; t++) {
      const counts = await readArmCounts(store, arms);
      const sources = counts.map((c) => ({
        kind: "beta" as const,
        ...posteriorOf(c, DEFAULT_PRIOR),
        scale: 1,
      }));
      const [chosen] = topIndices(drawScores(policy, sources), 1) as [number];
      regret += rates[best]! - rates[chosen]!;
      if (chosen === best) {
        bestOverall++;
        if (t >= impressions - lastWindow) bestInLastWindow++;
      }
      await store.record(`display-${t}`, armIncrements("display", arms[chosen]!));
      if (world() < rates[chosen]!)
        await store.record(`interact-${t}`, armIncrements("interact", arms[chosen]!));
    }
    const shareLast = bestInLastWindow / lastWindow;
    console.log(
      `bandit (modules): share to best offer ${(100 * shareLast).toFixed(1)} % over the last ${lastWindow} impressions, ` +
        `${((100 * bestOverall) / impressions).toFixed(1)} % overall; expected regret ${regret.toFixed(1)} clicks ` +
        `(${((100 * regret) / (rates[best]! * impressions)).toFixed(1)} % of the best offer's ${rates[best]! * impressions} clicks)`,
    );
    expect(shareLast).toBeGreaterThanOrEqual(0.8);
    // Regret must grow sublinearly: far below what uniform random play would lose.
    const uniformRegret =
      impressions * (rates[best]! - rates.reduce((a, b) => a + b, 0) / rates.length);
    expect(regret).toBeLessThan(uniformRegret / 4);
  });
});
