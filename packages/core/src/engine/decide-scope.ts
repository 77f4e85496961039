import type { Proposition } from "../model/proposition.js";
import type { ScopeTrace } from "../model/trace.js";
import type { RequestState } from "./request-state.js";
import type { ResolvedScope } from "./stages/resolve-scope.js";
import { TraceRecorder } from "./trace-recorder.js";
import { poolCandidates } from "./stages/pool-candidates.js";
import { excludeCapped } from "./stages/exclude-capped.js";
import { rankCandidates } from "./stages/rank-candidates.js";
import {
  placeItems,
  placeReservingRanked,
  rankedReservation,
  type ScopeFill,
} from "./stages/place-items.js";
import { buildProposition } from "./stages/build-proposition.js";
import { OrderedGroupWalk } from "./stages/walk-ordered.js";
import { excludeSuppressed } from "./stages/exclude-suppressed.js";
import { scoreLearned } from "./stages/score-learned.js";
import { assignPropensities } from "./stages/assign-propensities.js";
import { holdoutProposition } from "./stages/holdout-proposition.js";

function hasCaps(candidates: readonly { offer: { caps: readonly unknown[] } }[]): boolean {
  for (const c of candidates) if (c.offer.caps.length > 0) return true;
  return false;
}

/** Deterministic ranking: every item this group placed had probability 1 (shown in its score parts). */
function tracePropensityOne(
  trace: TraceRecorder,
  fill: ScopeFill,
  placedBefore: number,
  groupIndex: number,
): void {
  for (const c of fill.placed.slice(placedBefore))
    trace.annotate(groupIndex, c.offer.id, { scoreParts: { ...c.parts, propensity: 1 } });
}

/** Stages 2–5 for one resolved scope: walk the criteria groups in order until the scope is full. */
export async function decideScope(
  state: RequestState,
  resolved: Extract<ResolvedScope, { ok: true }>,
): Promise<{ proposition: Proposition; trace?: ScopeTrace }> {
  const { decision, scope } = resolved;
  const placementId = scope.placement.id;
  const trace = state.explain ? new TraceRecorder(decision.decision.id, placementId) : undefined;
  const fill: ScopeFill = {
    itemCount: Math.min(resolved.itemCount, state.remainingItems),
    placed: [],
    placedIds: new Set(),
  };
  // Stores that check and reserve a ranked list in one call save a round trip per placed offer.
  const reservesRanked = rankedReservation(state);
  const locale =
    typeof state.request.context["locale"] === "string"
      ? state.request.context["locale"]
      : undefined;
  // Holdout before the walk: held-out profiles see no candidate at all.
  const held = decision.decision.holdout
    ? holdoutProposition(state.newId(), decision, placementId, state.profileId, locale)
    : undefined;
  if (held)
    return trace ? { proposition: held, trace: trace.result("holdout") } : { proposition: held };
  const suppresses = state.library.learning.contactPolicies.length > 0;

  for (const [groupIndex, group] of scope.groups.entries()) {
    if (fill.placed.length >= fill.itemCount && !trace) break;
    if (OrderedGroupWalk.applies(state, group)) {
      // Best-first: evaluate only as many members as it takes to fill the scope.
      const walk = new OrderedGroupWalk(state, group, placementId);
      while (fill.placed.length < fill.itemCount && state.remainingItems > 0) {
        // Pull exactly what is missing; caps or dedup dropping some only costs another round.
        const taken = walk.take(fill.itemCount - fill.placed.length);
        if (taken.length === 0) break;
        const batch = suppresses
          ? await excludeSuppressed(state, taken, placementId, groupIndex, undefined)
          : taken;
        if (reservesRanked && hasCaps(batch)) {
          await placeReservingRanked(
            state,
            reservesRanked,
            batch,
            fill,
            groupIndex,
            placementId,
            undefined,
          );
          continue;
        }
        // Without caps there is nothing to read or reserve: stay synchronous (no promise turns).
        const uncapped = hasCaps(batch)
          ? await excludeCapped(state, batch, placementId, groupIndex, undefined)
          : batch;
        const placing = placeItems(state, uncapped, fill, groupIndex, undefined);
        if (placing) await placing;
      }
      continue;
    }
    const placedBefore = fill.placed.length;
    const pooled = poolCandidates(state, group, groupIndex, placementId, trace);
    const allowed = suppresses
      ? await excludeSuppressed(state, pooled, placementId, groupIndex, trace)
      : pooled;
    const learned = allowed.some((c) => c.learned !== undefined);
    const scored = learned
      ? await scoreLearned(state, allowed, placementId, groupIndex, trace)
      : allowed;
    // Propensities need the exact competing set (capped offers out), so random rankings take the cap stage.
    const needsPropensities = learned || state.tieBreakSeed !== undefined;
    if (reservesRanked && hasCaps(scored) && !needsPropensities) {
      // Ranking is a total order on each candidate's own keys, so ranking before the cap stage is the same order.
      await placeReservingRanked(
        state,
        reservesRanked,
        rankCandidates(scored, state.tieBreakSeed),
        fill,
        groupIndex,
        placementId,
        trace,
      );
      if (trace) tracePropensityOne(trace, fill, placedBefore, groupIndex);
      continue;
    }
    const uncapped = hasCaps(scored)
      ? await excludeCapped(state, scored, placementId, groupIndex, trace)
      : scored;
    const ranked = rankCandidates(uncapped, state.tieBreakSeed);
    const placing = placeItems(state, ranked, fill, groupIndex, trace);
    if (placing) await placing;
    if (needsPropensities) assignPropensities(state, ranked, fill, placedBefore, groupIndex, trace);
    else if (trace) tracePropensityOne(trace, fill, placedBefore, groupIndex);
  }

  for (const c of fill.placed) state.usedAcrossScopes.add(c.offer.id);
  const proposition = buildProposition(state.newId(), decision, placementId, fill.placed, locale);
  return trace
    ? { proposition, trace: trace.result(proposition.reason === "ranked" ? "items" : "fallback") }
    : { proposition };
}
