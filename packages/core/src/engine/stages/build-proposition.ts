import type { CompiledDecision, CompiledOffer } from "../../library/compiled-library.js";
import type { Proposition } from "../../model/proposition.js";
import type { Candidate } from "./pool-candidates.js";
import { pickRepresentation } from "./pick-representation.js";

/**
 * Stage 5: the proposition carries the placed items, or — when nothing was placed — the decision's
 * fallback. Never both, never neither.
 */
export function buildProposition(
  id: string,
  decision: CompiledDecision,
  placementId: string,
  placed: readonly Candidate[],
  locale: string | undefined,
): Proposition {
  const base = { id, decisionId: decision.decision.id, placementId };
  if (placed.length === 0) {
    return { ...base, reason: "fallback", items: [], fallback: offerContent(decision.fallback, placementId, locale) };
  }
  return {
    ...base,
    reason: "ranked",
    items: placed.map((c, i) => ({
      ...offerContent(c.offer, placementId, locale),
      rank: i + 1,
      score: c.score,
      priority: c.offer.priority,
      propensity: 1,
    })),
  };
}

function offerContent(offer: CompiledOffer, placementId: string, locale: string | undefined) {
  return {
    offerId: offer.id,
    name: offer.offer.name,
    attributes: offer.offer.attributes,
    representation: pickRepresentation(offer, placementId, locale),
  };
}
