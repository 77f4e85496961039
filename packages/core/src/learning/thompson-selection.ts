import type { RandomSource } from "../util/seeded-random.js";
import { BetaDrawer, sampleBeta } from "./beta-sampler.js";

/**
 * How one candidate's ranking score arises: a fixed number (priority, formula) or `scale · θ` with
 * θ drawn from a Beta posterior (Thompson sampling; arbitration multiplies θ by value × levers).
 */
export type ScoreSource =
  | { readonly kind: "fixed"; readonly score: number }
  | {
      readonly kind: "beta";
      readonly alpha: number;
      readonly beta: number;
      readonly scale: number;
    };

/** Default number of extra Monte Carlo draws behind a propensity estimate (see inclusionPropensities). */
export const DEFAULT_PROPENSITY_DRAWS = 255;

/** One Thompson draw: every beta source sampled once, fixed sources as they are. */
export function drawScores(random: RandomSource, sources: readonly ScoreSource[]): number[] {
  return sources.map((s) =>
    s.kind === "fixed" ? s.score : s.scale * sampleBeta(random, s.alpha, s.beta),
  );
}

/**
 * The `slots` best positions by score desc; equal scores keep the sources' order (callers pass
 * sources in the pipeline's tie-break order: priority desc, id asc).
 */
export function topIndices(scores: readonly number[], slots: number): number[] {
  const order = scores.map((_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, Math.max(0, slots));
}

/**
 * Probability that each source lands among the top `slots`, by Monte Carlo: `draws` fresh Thompson
 * draws from `random`, plus the draw the decision actually used (`observed`, the chosen indices),
 * which is one more independent sample of the same distribution. So
 *
 *   p̂_i = (1[i observed] + #draws with i in the top slots) / (draws + 1)
 *
 * is unbiased and never 0 for a chosen item (inverse-propensity weights stay finite). It is the
 * mean of n = draws + 1 Bernoulli(p_i) trials: standard error sqrt(p(1 − p)/n) ≤ 0.5/√n, i.e.
 * ≤ 0.031 for the default 255 draws (95 % within ±0.061); relative error sqrt((1 − p)/(p·n)), 19 %
 * at p = 0.1. Sources that are all fixed need no sampling: the answer is exact (1 or 0).
 */
export function inclusionPropensities(
  random: RandomSource,
  sources: readonly ScoreSource[],
  slots: number,
  draws: number = DEFAULT_PROPENSITY_DRAWS,
  observed?: readonly number[],
): number[] {
  const n = sources.length;
  const hits = new Float64Array(n);
  if (!sources.some((s) => s.kind === "beta")) {
    const out = new Array<number>(n).fill(0);
    for (const i of topIndices(drawScores(random, sources), slots)) out[i] = 1;
    return out;
  }
  if (slots >= n) return new Array<number>(n).fill(1);
  // The hot loop: parameters prepared once, scores in one buffer, top slots by insertion (slots ≤ 30).
  const drawer = new BetaDrawer(random);
  const prepared = sources.map((s) =>
    s.kind === "beta" ? drawer.prepare(s.alpha, s.beta) : undefined,
  );
  const scores = new Float64Array(n);
  const top = new Int32Array(slots);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < n; i++) {
      const s = sources[i]!;
      scores[i] = s.kind === "fixed" ? s.score : s.scale * drawer.draw(prepared[i]!);
    }
    let filled = 0;
    for (let i = 0; i < n; i++) {
      const score = scores[i]!;
      // Strictly greater: equal scores keep the earlier index ahead (the sources' tie order).
      if (filled === slots && !(score > scores[top[filled - 1]!]!)) continue;
      let at = filled < slots ? filled++ : filled - 1;
      while (at > 0 && score > scores[top[at - 1]!]!) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = i;
    }
    for (let k = 0; k < filled; k++) hits[top[k]!]! += 1;
  }
  let samples = draws;
  if (observed) {
    samples += 1;
    for (const i of observed) hits[i]! += 1;
  }
  return Array.from(hits, (h) => (samples === 0 ? 0 : h / samples));
}

/**
 * Propensities of a deterministic ranking whose score ties are broken at random (the seeded
 * tie-break): positions above the cut are certain, the tie group straddling the cut shares its
 * remaining slots evenly, the rest are never chosen. Without a random tie-break every chosen item
 * has propensity 1.
 */
export function tieBreakPropensities(scores: readonly number[], slots: number): number[] {
  const out = new Array<number>(scores.length).fill(0);
  const order = topIndices(scores, scores.length);
  let taken = 0;
  let i = 0;
  while (i < order.length && taken < slots) {
    const score = scores[order[i]!]!;
    let j = i;
    while (j < order.length && scores[order[j]!] === score) j++;
    const group = j - i;
    const free = Math.min(group, slots - taken);
    for (let k = i; k < j; k++) out[order[k]!] = free / group;
    taken += free;
    i = j;
  }
  return out;
}
