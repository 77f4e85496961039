import type { FeedbackEvent, Proposition } from "@offerkit/core";
import { newEventId } from "./event-id.js";

/** A display (impression) or interact (click) event for one item of a proposition. */
export function feedbackEvent(
  type: "display" | "interact",
  proposition: Proposition,
  offerId: string,
  profileId: string,
): FeedbackEvent {
  return {
    id: newEventId(),
    type,
    timestamp: new Date().toISOString(),
    profileId,
    propositionId: proposition.id,
    decisionId: proposition.decisionId,
    placementId: proposition.placementId,
    offerId,
  };
}
