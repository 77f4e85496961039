import type { CapRule } from "../model/cap-rule.js";
import type { CounterCheck, CounterIncrement } from "./counter-store.js";
import { counterKeyPrefix, placementPartOf } from "./counter-key.js";
import type { InstantInput } from "./instant.js";
import { countingWindowAt } from "./window.js";

export interface CapCheckInput {
  offerId: string;
  cap: CapRule;
  /** The profile the decision or event is for (ignored by global caps). */
  profileId: string;
  /** The placement the offer is proposed in or the event happened in. */
  placementId: string;
  now: InstantInput;
  /** Alignment of N-unit calendar windows: the offer's startDate, when it has one (see window.ts). */
  anchor?: InstantInput | undefined;
}

/**
 * The counter(s) one cap reads and writes for one offer, profile and placement at `now`, or
 * undefined when the cap does not count in this placement (a placement list without it).
 */
export function capCheckFor(input: CapCheckInput): CounterCheck | undefined {
  const { cap } = input;
  const placement = placementPartOf(cap.placements, input.placementId);
  if (placement === undefined) return undefined;
  const window = countingWindowAt(cap.window, input.now, input.anchor);
  const prefix = counterKeyPrefix({
    offerId: input.offerId,
    capId: cap.id,
    profileId: cap.scope === "profile" ? input.profileId : undefined,
    placement,
  });
  return {
    readKeys: window.readKeySuffixes.map((suffix) => prefix + suffix),
    writeKey: prefix + window.keySuffix,
    limit: cap.limit,
    expiresAt: window.expiresAt,
  };
}

/** What `CounterStore.record` needs from a check when an event (not a reservation) arrives. */
export function counterIncrementOf(check: CounterCheck): CounterIncrement {
  return { writeKey: check.writeKey, expiresAt: check.expiresAt };
}

export type CapEventType = "decision" | "display" | "interact" | "custom";

/** Whether an event of this type (and, for custom events, this name) counts toward the cap. */
export function capCountsEvent(
  cap: CapRule,
  eventType: CapEventType,
  customName?: string,
): boolean {
  if (typeof cap.event === "string") return cap.event === eventType;
  return eventType === "custom" && customName !== undefined && cap.event.custom === customName;
}
