import type { FeedbackEvent } from "@offerkit/core";
import type { PushDeliveryMeta } from "../message/push-message.js";
import type { PushOutcome } from "./push-outcome.js";

/** core exports the DisplayEvent schema but no type of that name. */
export type DisplayEvent = Extract<FeedbackEvent, { type: "display" }>;

export interface Clock {
  now(): Date;
}

/** Receives a display event for every push the provider accepted (feed it to engine.track). */
export type DeliveredCallback = (event: DisplayEvent) => void | Promise<void>;

/**
 * A delivered push counts as a display of its offer. The event id derives from the message id, so
 * reporting the same push twice (a retried send) is deduplicated by the engine's idempotent track.
 */
export function displayEventFor(meta: PushDeliveryMeta, at: Date): DisplayEvent {
  return {
    id: `${meta.messageId}:delivered`,
    timestamp: at.toISOString(),
    profileId: meta.profileId,
    propositionId: meta.propositionId,
    decisionId: meta.decisionId,
    placementId: meta.placementId,
    type: "display",
    offerId: meta.offerId,
  };
}

/**
 * Calls `onDelivered` for delivered outcomes. A failing callback must not turn a delivered push into
 * a failure (the caller would send it again), so its error rides along on the outcome.
 */
export async function reportDelivery(
  outcome: PushOutcome,
  meta: PushDeliveryMeta,
  onDelivered: DeliveredCallback | undefined,
  clock: Clock,
): Promise<PushOutcome> {
  if (outcome.kind !== "delivered" || onDelivered === undefined) return outcome;
  try {
    await onDelivered(displayEventFor(meta, clock.now()));
    return outcome;
  } catch (error) {
    return { ...outcome, reportError: error };
  }
}

export const systemClock: Clock = { now: () => new Date() };
