import type { RandomSource } from "../util/seeded-random.js";

/**
 * Draws from Gamma, Beta and the standard normal over a seeded uniform source (util/seeded-random),
 * so every Thompson draw in a test or a replay is reproducible.
 */

/** Standard normal by Marsaglia's polar method (no trigonometry; one of the pair is discarded). */
export function sampleStandardNormal(random: RandomSource): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * Gamma(shape, 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma variables".
 * For shape < 1 it uses the boost Gamma(a) = Gamma(a + 1) · U^(1/a).
 */
export function sampleGamma(random: RandomSource, shape: number): number {
  if (!(shape > 0) || !Number.isFinite(shape))
    throw new RangeError(`gamma shape must be a positive finite number, got ${shape}`);
  if (shape < 1) {
    const u = 1 - random(); // (0, 1]: never log(0) below
    return sampleGamma(random, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleStandardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Many Beta draws with fixed parameters, faster than sampleBeta: Marsaglia–Tsang constants computed
 * once, and both normals of each polar-method pair used. Same distributions, different stream.
 */
export class BetaDrawer {
  #spare: number | undefined;

  constructor(private readonly random: RandomSource) {}

  /** Parameters prepared for draw(). */
  prepare(alpha: number, beta: number): PreparedBeta {
    return { a: gammaParams(alpha), b: gammaParams(beta), mean: alpha / (alpha + beta) };
  }

  draw(p: PreparedBeta): number {
    const x = this.#gamma(p.a);
    const y = this.#gamma(p.b);
    const sum = x + y;
    return sum > 0 ? x / sum : p.mean;
  }

  #normal(): number {
    const spare = this.#spare;
    if (spare !== undefined) {
      this.#spare = undefined;
      return spare;
    }
    for (;;) {
      const u = 2 * this.random() - 1;
      const v = 2 * this.random() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.#spare = v * f;
        return u * f;
      }
    }
  }

  #gamma(g: GammaParams): number {
    const { d, c, boost } = g;
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.#normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.random();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return boost === undefined ? d * v : d * v * Math.pow(1 - this.random(), boost);
      }
    }
  }
}

interface GammaParams {
  d: number;
  c: number;
  /** 1 / shape for shapes below 1 (the U^(1/a) boost), else undefined. */
  boost: number | undefined;
}

export interface PreparedBeta {
  readonly a: GammaParams;
  readonly b: GammaParams;
  readonly mean: number;
}

function gammaParams(shape: number): GammaParams {
  if (!(shape > 0) || !Number.isFinite(shape))
    throw new RangeError(`gamma shape must be a positive finite number, got ${shape}`);
  const boosted = shape < 1 ? shape + 1 : shape;
  const d = boosted - 1 / 3;
  return { d, c: 1 / Math.sqrt(9 * d), boost: shape < 1 ? 1 / shape : undefined };
}

/** Beta(alpha, beta) as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
export function sampleBeta(random: RandomSource, alpha: number, beta: number): number {
  const x = sampleGamma(random, alpha);
  const y = sampleGamma(random, beta);
  const sum = x + y;
  // Both can underflow to 0 for tiny shapes; the mean is then the least surprising answer.
  return sum > 0 ? x / sum : alpha / (alpha + beta);
}
