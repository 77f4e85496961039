import type { Proposition } from "../model/proposition.js";
import type { ScopeTrace } from "../model/trace.js";
import type { RequestState } from "./request-state.js";
import type { ResolvedScope } from "./stages/resolve-scope.js";
import { TraceRecorder } from "./trace-recorder.js";
import { poolCandidates } from "./stages/pool-candidates.js";
import { excludeCapped } from "./stages/exclude-capped.js";
import { rankCandidates } from "./stages/rank-candidates.js";
import { placeItems, placeReservingRanked, rankedReservation, type ScopeFill } from "./stages/place-items.js";
import { buildProposition } from "./stages/build-proposition.js";
import { OrderedGroupWalk } from "./stages/walk-ordered.js";

function hasCaps(candidates: readonly { offer: { caps: readonly unknown[] } }[]): boolean {
  for (const c of candidates) if (c.offer.caps.length > 0) return true;
  return false;
}

/** Stages 2–5 for one resolved scope: walk the criteria groups in order until the scope is full. */
export async function decideScope(
  state: RequestState,
  resolved: Extract<ResolvedScope, { ok: true }>,
): Promise<{ proposition: Proposition; trace?: ScopeTrace }> {
  const { decision, scope } = resolved;
  const placementId = scope.placement.id;
  const trace = state.explain ? new TraceRecorder(decision.decision.id, placementId) : undefined;
  const fill: ScopeFill = { itemCount: Math.min(resolved.itemCount, state.remainingItems), placed: [], placedIds: new Set() };
  // Stores that check and reserve a ranked list in one call save a round trip per placed offer.
  const reservesRanked = rankedReservation(state);

  for (const [groupIndex, group] of scope.groups.entries()) {
    if (fill.placed.length >= fill.itemCount && !trace) break;
    if (OrderedGroupWalk.applies(state, group)) {
      // Best-first: evaluate only as many members as it takes to fill the scope.
      const walk = new OrderedGroupWalk(state, group, placementId);
      while (fill.placed.length < fill.itemCount && state.remainingItems > 0) {
        // Pull exactly what is missing; caps or dedup dropping some only costs another round.
        const batch = walk.take(fill.itemCount - fill.placed.length);
        if (batch.length === 0) break;
        if (reservesRanked && hasCaps(batch)) {
          await placeReservingRanked(state, reservesRanked, batch, fill, groupIndex, placementId, undefined);
          continue;
        }
        // Without caps there is nothing to read or reserve: stay synchronous (no promise turns).
        const uncapped = hasCaps(batch) ? await excludeCapped(state, batch, placementId, groupIndex, undefined) : batch;
        const placing = placeItems(state, uncapped, fill, groupIndex, undefined);
        if (placing) await placing;
      }
      continue;
    }
    const pooled = poolCandidates(state, group, groupIndex, placementId, trace);
    if (reservesRanked && hasCaps(pooled)) {
      // Ranking is a total order on each candidate's own keys, so ranking before the cap stage is the same order.
      await placeReservingRanked(state, reservesRanked, rankCandidates(pooled, state.tieBreakSeed), fill, groupIndex, placementId, trace);
      continue;
    }
    const uncapped = hasCaps(pooled) ? await excludeCapped(state, pooled, placementId, groupIndex, trace) : pooled;
    const ranked = rankCandidates(uncapped, state.tieBreakSeed);
    const placing = placeItems(state, ranked, fill, groupIndex, trace);
    if (placing) await placing;
  }

  for (const c of fill.placed) state.usedAcrossScopes.add(c.offer.id);
  const locale = typeof state.request.context["locale"] === "string" ? state.request.context["locale"] : undefined;
  const proposition = buildProposition(state.newId(), decision, placementId, fill.placed, locale);
  return trace ? { proposition, trace: trace.result(proposition.reason === "ranked" ? "items" : "fallback") } : { proposition };
}
