import { capCheckFor, capCountsEvent } from "../caps/cap-check.js";
import type { CounterIncrement, CounterStore } from "../caps/counter-store.js";
import type { CompiledLibrary } from "../library/compiled-library.js";
import type { FeedbackEvent } from "../model/event.js";
import { learningIncrements } from "./learning-increments.js";

/**
 * Counts one feedback event against the caps that count its type, idempotently by event id.
 * Returns false when the id was seen before (nothing counted twice). The window is chosen by the
 * event's own timestamp, but never later than now (a client cannot push counts into the future).
 */
export async function trackEvent(
  library: CompiledLibrary,
  counters: CounterStore,
  event: FeedbackEvent,
  now: Date,
): Promise<boolean> {
  const offer = library.offersById.get(event.offerId);
  const at = new Date(Math.min(Date.parse(event.timestamp), now.getTime()));
  const increments: CounterIncrement[] = [];
  for (const cap of offer?.caps ?? []) {
    if (!capCountsEvent(cap, event.type, event.type === "custom" ? event.name : undefined))
      continue;
    const check = capCheckFor({
      offerId: event.offerId,
      cap,
      profileId: event.profileId,
      placementId: event.placementId,
      now: at,
      anchor: offer?.startMs === undefined ? undefined : new Date(offer.startMs),
    });
    if (check) increments.push({ writeKey: check.writeKey, expiresAt: check.expiresAt });
  }
  // Bandit arms and contact-policy windows count in the same idempotent record as caps.
  increments.push(...learningIncrements(library, event, at.getTime()));
  return counters.record(`event:${event.id}`, increments);
}
