import type { CounterIncrement } from "../caps/counter-store.js";
import { armPairKey, policyCountsOutcome } from "../library/compiled-learning.js";
import type { CompiledLibrary } from "../library/compiled-library.js";
import { armIncrements } from "../learning/bandit-arm.js";
import { outcomeIncrements } from "../learning/suppression-window.js";
import type { FeedbackEvent } from "../model/event.js";

/**
 * What a feedback event teaches besides caps: the bandit arms of the offer in the placement (when a
 * learned criterion ranks it there) and the suppression windows of the contact policies it
 * triggers. track() records these with the caps in one idempotent `record` call.
 */
export function learningIncrements(
  library: CompiledLibrary,
  event: FeedbackEvent,
  atMs: number,
): CounterIncrement[] {
  const learning = library.learning;
  const increments: CounterIncrement[] = [];
  if (
    event.type !== "custom" &&
    learning.armPairs.has(armPairKey(event.offerId, event.placementId))
  ) {
    increments.push(
      ...armIncrements(event.type, {
        offerId: event.offerId,
        placementId: event.placementId,
        segment: event.segment,
      }),
    );
  }
  for (const p of learning.policiesByOffer.get(event.offerId) ?? []) {
    if (
      policyCountsOutcome(
        p,
        event.type,
        event.type === "custom" ? event.name : undefined,
        event.placementId,
      )
    ) {
      increments.push(...outcomeIncrements(p.id, event.profileId, atMs, p.days));
    }
  }
  return increments;
}
