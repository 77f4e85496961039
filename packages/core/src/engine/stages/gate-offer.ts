import type { CompiledOffer } from "../../library/compiled-library.js";
import type { Drop, RequestState } from "../request-state.js";

/**
 * Stage 2, per offer: status, dates, a representation for the placement, then the offer's own
 * eligibility rule (memoized per request: it depends on the profile, not on the scope).
 * Returns null when the offer passes.
 */
export function gateOffer(
  state: RequestState,
  offer: CompiledOffer,
  placementId: string,
): Drop | null {
  if (!offer.approved)
    return { stage: "status", reason: `offer is ${offer.offer.status}, not approved` };
  if (offer.startMs !== undefined && state.nowMs < offer.startMs)
    return { stage: "dates", reason: "offer has not started yet" };
  if (offer.endMs !== undefined && state.nowMs >= offer.endMs)
    return { stage: "dates", reason: "offer has ended" };
  if (!offer.representations.has(placementId)) {
    return {
      stage: "placement",
      reason: `offer has no representation for placement "${placementId}"`,
    };
  }
  let drop = state.gateMemo.get(offer.index);
  if (drop === undefined) {
    drop = eligibilityDrop(state, offer);
    state.gateMemo.set(offer.index, drop);
  }
  return drop;
}

function eligibilityDrop(state: RequestState, offer: CompiledOffer): Drop | null {
  const rule = offer.eligibility;
  if (!rule) return null;
  const result = rule.evaluate(state.frame, offer.view);
  if (!result.ok) {
    return {
      stage: "rule-error",
      reason: `eligibility rule failed: ${result.error}`,
      ...(state.explain ? { expression: rule.explain(state.frame, offer.view) } : {}),
    };
  }
  if (result.value) return null;
  return {
    stage: "eligibility",
    reason: "eligibility rule is false",
    ...(state.explain ? { expression: rule.explain(state.frame, offer.view) } : {}),
  };
}
