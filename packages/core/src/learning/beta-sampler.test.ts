import { describe, expect, it } from "vitest";
import { seededRandom } from "../util/seeded-random.js";
import { BetaDrawer, sampleBeta, sampleGamma, sampleStandardNormal } from "./beta-sampler.js";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe("seeded samplers", () => {
  it("standard normal has mean 0 and variance 1", () => {
    const random = seededRandom(1);
    const m = moments(() => sampleStandardNormal(random), 100_000);
    expect(Math.abs(m.mean)).toBeLessThan(0.02);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
  });

  it.each([0.3, 1, 2.5, 40])("Gamma(%d) has mean k and variance k", (k) => {
    const random = seededRandom(7);
    const m = moments(() => sampleGamma(random, k), 100_000);
    expect(Math.abs(m.mean - k) / k).toBeLessThan(0.02);
    expect(Math.abs(m.variance - k) / k).toBeLessThan(0.05);
  });

  it.each([
    [1, 1],
    [2, 8],
    [30, 970],
    [0.5, 0.5],
  ])("Beta(%d, %d) has the right mean and variance and stays in [0, 1]", (a, b) => {
    const random = seededRandom(42);
    let outside = 0;
    const m = moments(() => {
      const x = sampleBeta(random, a, b);
      if (x < 0 || x > 1) outside++;
      return x;
    }, 100_000);
    const mean = a / (a + b);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(outside).toBe(0);
    expect(Math.abs(m.mean - mean)).toBeLessThan(0.01 * Math.max(mean, 0.05));
    expect(Math.abs(m.variance - variance) / variance).toBeLessThan(0.05);
  });

  it("is reproducible for a seed and differs across seeds", () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    const c = seededRandom(4);
    const xs = Array.from({ length: 5 }, () => sampleBeta(a, 2, 3));
    expect(Array.from({ length: 5 }, () => sampleBeta(b, 2, 3))).toEqual(xs);
    expect(Array.from({ length: 5 }, () => sampleBeta(c, 2, 3))).not.toEqual(xs);
  });

  it("rejects a shape that is not positive", () => {
    expect(() => sampleGamma(seededRandom(1), 0)).toThrow(/positive/);
    expect(() => sampleGamma(seededRandom(1), Number.NaN)).toThrow(/positive/);
  });
});

describe("BetaDrawer", () => {
  it.each([
    [1, 1],
    [2, 8],
    [0.4, 3],
    [300, 9000],
  ])("Beta(%d, %d) from prepared parameters has the right mean and variance", (a, b) => {
    const drawer = new BetaDrawer(seededRandom(8));
    const prepared = drawer.prepare(a, b);
    const m = moments(() => drawer.draw(prepared), 100_000);
    const mean = a / (a + b);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(m.mean - mean)).toBeLessThan(0.01 * Math.max(mean, 0.05));
    expect(Math.abs(m.variance - variance) / variance).toBeLessThan(0.05);
  });
});
