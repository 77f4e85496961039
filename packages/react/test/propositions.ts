import type { DecisionResponse, Proposition } from "@offerkit/core";

/** A ranked proposition as the engine returns it (shape from core's model). */
export function rankedProposition(
  id: string,
  decisionId: string,
  placementId: string,
  offerIds: string[],
): Proposition {
  return {
    id,
    decisionId,
    placementId,
    reason: "ranked",
    items: offerIds.map((offerId, i) => ({
      offerId,
      rank: i + 1,
      score: 10 - i,
      priority: 10 - i,
      propensity: 1,
      name: offerId,
      attributes: {},
      representation: { placementId, type: "text", content: `Offer ${offerId}` },
    })),
  };
}

export function fallbackProposition(
  id: string,
  decisionId: string,
  placementId: string,
): Proposition {
  return {
    id,
    decisionId,
    placementId,
    reason: "fallback",
    items: [],
    fallback: {
      offerId: "fallback-offer",
      name: "Fallback",
      attributes: {},
      representation: { placementId, type: "text", content: "Welcome" },
    },
  };
}

export function responseOf(
  propositions: Proposition[],
  errors: DecisionResponse["errors"] = [],
): DecisionResponse {
  return { requestId: "req-1", libraryVersion: 1, propositions, errors };
}
