import type { CompiledDecision } from "../../library/compiled-library.js";
import type { FallbackItem, Proposition, PropositionItem } from "../../model/proposition.js";
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
  const decisionId = decision.decision.id;
  if (placed.length === 0) {
    const fb = decision.fallback;
    const fallback: FallbackItem = {
      offerId: fb.id,
      name: fb.offer.name,
      attributes: fb.offer.attributes,
      representation: pickRepresentation(fb, placementId, locale),
    };
    return { id, decisionId, placementId, reason: "fallback", items: [], fallback };
  }
  const items: PropositionItem[] = [];
  for (let i = 0; i < placed.length; i++) {
    const c = placed[i]!;
    items.push({
      offerId: c.offer.id,
      name: c.offer.offer.name,
      attributes: c.offer.offer.attributes,
      representation: pickRepresentation(c.offer, placementId, locale),
      rank: i + 1,
      score: c.score,
      priority: c.offer.priority,
      propensity: c.propensity ?? 1,
      ...(c.segment === undefined ? {} : { segment: c.segment }),
    });
  }
  return { id, decisionId, placementId, reason: "ranked", items };
}
