import { describe, expect, it } from "vitest";
import { seededRandom } from "../util/seeded-random.js";
import {
  drawScores,
  inclusionPropensities,
  tieBreakPropensities,
  topIndices,
  type ScoreSource,
} from "./thompson-selection.js";

const beta = (alpha: number, b: number, scale = 1): ScoreSource => ({
  kind: "beta",
  alpha,
  beta: b,
  scale,
});

describe("Thompson selection", () => {
  it("top indices by score desc, ties in the given order", () => {
    expect(topIndices([0.2, 0.9, 0.5, 0.9], 3)).toEqual([1, 3, 2]);
    expect(topIndices([1, 2], 0)).toEqual([]);
  });

  it("fixed sources are exact: the top slots get 1, the rest 0", () => {
    const p = inclusionPropensities(
      seededRandom(1),
      [
        { kind: "fixed", score: 1 },
        { kind: "fixed", score: 3 },
        { kind: "fixed", score: 2 },
      ],
      2,
      10,
    );
    expect(p).toEqual([0, 1, 1]);
  });

  it("estimates P(best of two) within the documented error bound", () => {
    // Beta(2,1) vs Beta(1,1): P(X > Y) = 2/3 exactly.
    const sources = [beta(2, 1), beta(1, 1)];
    const draws = 4095;
    const [p0, p1] = inclusionPropensities(seededRandom(9), sources, 1, draws);
    const bound = 3 * Math.sqrt(((2 / 3) * (1 / 3)) / draws);
    expect(Math.abs(p0! - 2 / 3)).toBeLessThan(bound);
    expect(p0! + p1!).toBeCloseTo(1, 10);
  });

  it("top-2 of three: inclusion probabilities sum to the number of slots", () => {
    const p = inclusionPropensities(seededRandom(2), [beta(5, 5), beta(1, 9), beta(9, 1)], 2, 1000);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 10);
    expect(p[2]!).toBeGreaterThan(0.99);
  });

  it("counts the observed draw, so a chosen item never has propensity 0", () => {
    // Beta(1, 10000) almost never beats Beta(10000, 1); the observed draw chose it anyway.
    const p = inclusionPropensities(seededRandom(3), [beta(1, 10_000), beta(10_000, 1)], 1, 99, [
      0,
    ]);
    expect(p[0]).toBeCloseTo(1 / 100, 10);
  });

  it("scale multiplies the sampled rate (value × propensity × levers)", () => {
    const scores = drawScores(seededRandom(5), [beta(1, 1, 100), { kind: "fixed", score: 7 }]);
    expect(scores[0]).toBeGreaterThanOrEqual(0);
    expect(scores[0]).toBeLessThanOrEqual(100);
    expect(scores[1]).toBe(7);
  });

  it("random tie-break: the tie group at the cut shares the remaining slots", () => {
    expect(tieBreakPropensities([5, 3, 3, 3, 1], 2)).toEqual([1, 1 / 3, 1 / 3, 1 / 3, 0]);
    expect(tieBreakPropensities([5, 3, 1], 2)).toEqual([1, 1, 0]);
    expect(tieBreakPropensities([2, 2], 3)).toEqual([1, 1]);
  });
});

describe("the fast Monte Carlo loop", () => {
  it("agrees with the plain draw-and-sort estimate, ties included", () => {
    const sources: ScoreSource[] = [
      beta(3, 40),
      { kind: "fixed", score: 0.08 },
      beta(8, 90),
      beta(0.5, 5),
      { kind: "fixed", score: 0.08 },
      beta(20, 200),
    ];
    const draws = 20_000;
    const fast = inclusionPropensities(seededRandom(1), sources, 2, draws);
    const random = seededRandom(2);
    const plain = new Array<number>(sources.length).fill(0);
    for (let d = 0; d < draws; d++)
      for (const i of topIndices(drawScores(random, sources), 2)) plain[i]! += 1 / draws;
    fast.forEach((p, i) =>
      expect(Math.abs(p - plain[i]!)).toBeLessThan(4 * Math.sqrt(0.25 / draws) * Math.SQRT2),
    );
    expect(fast.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 10);
  });
});
