import type { OfferEvent } from "../model/event.js";

/** The engine's clock; tests and simulations pass a fixed or stepping one. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Where decision (and accepted feedback) events go: a log, a database, a queue. */
export interface EventSink {
  emit(events: readonly OfferEvent[]): void | Promise<void>;
}
export const discardEvents: EventSink = { emit: () => undefined };
