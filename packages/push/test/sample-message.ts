import type { JsonValue, PropositionItem, Representation } from "@offerkit/core";
import type { PushMessage } from "../src/message/push-message.js";

/** A push representation in the documented JSON shape. */
export function jsonRepresentation(
  content: Record<string, JsonValue>,
  extra: Partial<Representation> = {},
): Representation {
  return { placementId: "push-main", type: "json", content, ...extra };
}

export function rankedItem(
  representation: Representation,
  overrides: Partial<PropositionItem> = {},
): PropositionItem {
  return {
    offerId: "offer-spring-sale",
    rank: 1,
    score: 0.42,
    priority: 10,
    propensity: 1,
    name: "Spring sale",
    attributes: {},
    representation,
    ...overrides,
  };
}

export const NOW = new Date("2026-03-01T12:00:00Z");

/** A message with every attribution key set, so tests can check each one survives. */
export function sampleMessage(overrides: Partial<PushMessage> = {}): PushMessage {
  return {
    proposition: { id: "prop-7f3a", decisionId: "dec-spring", placementId: "push-main" },
    item: rankedItem(
      jsonRepresentation({
        title: "Spring sale",
        body: "20% off everything this weekend",
        deepLink: "https://shop.example/offers/spring?src=push",
        imageUrl: "https://cdn.example/spring.png",
      }),
    ),
    profileId: "user-1",
    messageId: "msg-0001",
    trackingToken: "v1.k1.eyJwIjoicHJvcC03ZjNhIn0.c2lnbmF0dXJl",
    now: NOW,
    ...overrides,
  };
}
