import { OfferkitError, type EventSink, type OfferEvent } from "@offerkit/core";
import type { EventStore } from "../store/types.js";

interface Waiter {
  /** Sequence numbers [first, last) of this emit's events. */
  first: number;
  last: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Stores decision events durably before the decision is answered, without one INSERT per request:
 * events emitted while a write is in flight are queued and written together by the next one (group
 * commit). Each emit resolves only when every batch holding its events has been committed, so an
 * acknowledged decision always has its event stored. One write is in flight at a time: while the
 * database commits one batch the next one fills, so under load a commit carries many events and the
 * cost per event (round trip, statement, WAL flush) shrinks as traffic grows.
 * Backpressure: callers await their emit, so the queue holds at most the events of the requests in
 * flight; beyond `maxQueued` (a database that stopped answering) emits fail at once with UNAVAILABLE
 * (503) instead of piling up memory.
 */
export class GroupCommitEventSink implements EventSink {
  private readonly queue: OfferEvent[] = [];
  private waiters: Waiter[] = [];
  private enqueued = 0;
  private taken = 0;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly onStored: (events: readonly OfferEvent[], duplicates: number) => void = () =>
      undefined,
    private readonly maxBatch = 500,
    private readonly maxQueued = 20_000,
  ) {}

  emit(events: readonly OfferEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    if (this.queue.length + events.length > this.maxQueued) {
      return Promise.reject(
        new OfferkitError(
          "UNAVAILABLE",
          `event storage is behind (${this.queue.length} events waiting); retry shortly`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const first = this.enqueued;
      for (const event of events) this.queue.push(event);
      this.enqueued += events.length;
      this.waiters.push({ first, last: this.enqueued, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Resolves when everything emitted so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
  }

  private async drain(): Promise<void> {
    // Let the requests of the same tick join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const events = this.queue.splice(0, this.maxBatch);
      const from = this.taken;
      this.taken += events.length;
      try {
        const result = await this.store.appendCounted(events);
        this.onStored(events, result.duplicates);
        this.settle(
          (w) => w.last <= this.taken,
          (w) => w.resolve(),
        );
      } catch (error) {
        // Any emit with an event in the failed batch fails (its other events may still be written).
        this.settle(
          (w) => w.first < this.taken && w.last > from,
          (w) => w.reject(error),
        );
      }
    }
    this.writing = undefined;
  }

  private settle(matches: (w: Waiter) => boolean, action: (w: Waiter) => void): void {
    const remaining: Waiter[] = [];
    for (const w of this.waiters) {
      if (matches(w)) action(w);
      else remaining.push(w);
    }
    this.waiters = remaining;
  }
}
