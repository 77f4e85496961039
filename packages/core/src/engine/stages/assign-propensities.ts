import {
  inclusionPropensities,
  tieBreakPropensities,
  type ScoreSource,
} from "../../learning/thompson-selection.js";
import type { RequestState } from "../request-state.js";
import type { TraceRecorder } from "../trace-recorder.js";
import type { Candidate } from "./pool-candidates.js";
import type { ScopeFill } from "./place-items.js";

/**
 * The probability that the policy would have chosen each item this group placed, for off-policy
 * evaluation (logged on the proposition items and the decision event).
 * - Deterministic ranking: 1 (nothing to compute; the default when this stage does not run).
 * - Seeded random tie-break: the share of the remaining slots the item's tie group gets.
 * - Learned (Thompson) scores: Monte Carlo inclusion probability over the group's competing
 *   candidates (see learning/thompson-selection.ts for the estimator and its error).
 * Competing candidates are the ranked pool minus offers dedup would skip anyway; slots are what
 * the scope still had to fill when the group started. Caps reserved later (a lost race) are not
 * modelled: such a loss is rare and only shifts mass to the next candidate.
 */
export function assignPropensities(
  state: RequestState,
  ranked: readonly Candidate[],
  fill: ScopeFill,
  placedBefore: number,
  groupIndex: number,
  trace: TraceRecorder | undefined,
): void {
  const placedNow = fill.placed.slice(placedBefore);
  if (placedNow.length === 0) return;
  const learned = ranked.some((c) => c.source?.kind === "beta");
  if (!learned && state.tieBreakSeed === undefined) return;
  const earlier = new Set(fill.placed.slice(0, placedBefore).map((c) => c.offer.id));
  const competing = ranked.filter(
    (c) =>
      !earlier.has(c.offer.id) &&
      (state.allowDuplicates || !state.usedAcrossScopes.has(c.offer.id)),
  );
  const slots = fill.itemCount - placedBefore;
  let propensities: number[];
  if (!learned) {
    propensities = tieBreakPropensities(
      competing.map((c) => c.score),
      slots,
    );
  } else {
    const sources: ScoreSource[] = competing.map(
      (c) => c.source ?? { kind: "fixed", score: c.score },
    );
    const observed = placedNow.map((c) => competing.indexOf(c)).filter((i) => i >= 0);
    const draws = Math.max(0, ...competing.map((c) => c.draws ?? 0));
    propensities = inclusionPropensities(state.random, sources, slots, draws, observed);
  }
  for (const c of placedNow) {
    const i = competing.indexOf(c);
    c.propensity = i < 0 ? 1 : propensities[i]!;
    trace?.annotate(groupIndex, c.offer.id, {
      scoreParts: { ...c.parts, propensity: c.propensity },
    });
  }
}
