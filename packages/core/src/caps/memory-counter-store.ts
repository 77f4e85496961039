import type {
  CounterCheck,
  CounterIncrement,
  CounterStore,
  RankedCaps,
  RankedOutcome,
  ReserveResult,
} from "./counter-store.js";

export interface MemoryCounterStoreOptions {
  /** Epoch ms used for expiry; pass the engine's clock when it runs on simulated time. */
  now?: () => number;
  /** How long an event id is remembered for idempotency (default 24 h). */
  eventIdTtlMs?: number;
  /** At most this many event ids are remembered; the oldest are forgotten first (default 100,000). */
  maxEventIds?: number;
}

interface Counter {
  value: number;
  expiresAt: number | undefined;
}

/**
 * Counters in a Map, for a single process (the default store, tests, simulations).
 *
 * Atomicity: every method runs to completion without awaiting, and JavaScript runs one task at a
 * time, so a reserve's check and increments cannot interleave with another call.
 * Expiry: a counter past its expiresAt reads as 0 and is deleted when touched; counters nobody
 * touches again (old rolling buckets, past windows) are swept once the writes since the last sweep
 * outnumber the live counters, which keeps the cost per write constant.
 * Idempotency: event ids are remembered for `eventIdTtlMs` and at most `maxEventIds` of them; an
 * event redelivered after it was forgotten counts again (the price of bounded memory).
 */
export class MemoryCounterStore implements CounterStore {
  readonly #counters = new Map<string, Counter>();
  /** Event id → when it was recorded; Map order is insertion order, so the oldest come first. */
  readonly #seenEventIds = new Map<string, number>();
  readonly #now: () => number;
  readonly #eventIdTtlMs: number;
  readonly #maxEventIds: number;
  #writesSinceSweep = 0;

  constructor(options: MemoryCounterStoreOptions = {}) {
    this.#now = options.now ?? (() => Date.now());
    this.#eventIdTtlMs = options.eventIdTtlMs ?? 86_400_000;
    this.#maxEventIds = options.maxEventIds ?? 100_000;
  }

  counts(checks: readonly CounterCheck[]): Promise<number[]> {
    const now = this.#now();
    return Promise.resolve(checks.map((check) => this.#sum(check.readKeys, now)));
  }

  reserve(checks: readonly CounterCheck[]): Promise<ReserveResult> {
    const now = this.#now();
    const exhausted = this.#firstExhausted(checks, now);
    if (exhausted !== undefined) return Promise.resolve({ ok: false, ...exhausted });
    for (const check of checks) this.#increment(check.writeKey, check.expiresAt, now);
    return Promise.resolve({ ok: true });
  }

  reserveRanked(candidates: readonly RankedCaps[], wanted: number): Promise<RankedOutcome[]> {
    const now = this.#now();
    let placed = 0;
    const outcomes: RankedOutcome[] = [];
    for (const candidate of candidates) {
      const exhausted = this.#firstExhausted(candidate.checks, now);
      if (exhausted !== undefined) {
        outcomes.push({ placed: false, exhausted });
      } else if (candidate.placeable && placed < wanted) {
        for (const index of candidate.reserve) {
          const check = candidate.checks[index];
          if (check !== undefined) this.#increment(check.writeKey, check.expiresAt, now);
        }
        placed++;
        outcomes.push({ placed: true });
      } else {
        outcomes.push({ placed: false });
      }
    }
    return Promise.resolve(outcomes);
  }

  record(eventId: string, increments: readonly CounterIncrement[]): Promise<boolean> {
    const now = this.#now();
    this.#forgetOldEventIds(now);
    if (this.#seenEventIds.has(eventId)) return Promise.resolve(false);
    this.#seenEventIds.set(eventId, now);
    for (const increment of increments)
      this.#increment(increment.writeKey, increment.expiresAt, now);
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    this.#counters.clear();
    this.#seenEventIds.clear();
    return Promise.resolve();
  }

  /** Live counters and remembered event ids, for tests and metrics. */
  get size(): { counters: number; eventIds: number } {
    return { counters: this.#counters.size, eventIds: this.#seenEventIds.size };
  }

  #firstExhausted(
    checks: readonly CounterCheck[],
    now: number,
  ): { index: number; count: number } | undefined {
    for (let index = 0; index < checks.length; index++) {
      const check = checks[index]!;
      const count = this.#sum(check.readKeys, now);
      if (count >= check.limit) return { index, count };
    }
    return undefined;
  }

  #sum(keys: readonly string[], now: number): number {
    let total = 0;
    for (const key of keys) total += this.#live(key, now)?.value ?? 0;
    return total;
  }

  #live(key: string, now: number): Counter | undefined {
    const counter = this.#counters.get(key);
    if (counter?.expiresAt !== undefined && now >= counter.expiresAt) {
      this.#counters.delete(key);
      return undefined;
    }
    return counter;
  }

  #increment(key: string, expiresAt: number | undefined, now: number): void {
    const counter = this.#live(key, now);
    if (counter === undefined) {
      this.#counters.set(key, { value: 1, expiresAt });
    } else {
      counter.value += 1;
      // Keep the latest expiry; a write without one makes the counter permanent.
      counter.expiresAt =
        counter.expiresAt === undefined || expiresAt === undefined
          ? undefined
          : Math.max(counter.expiresAt, expiresAt);
    }
    if (++this.#writesSinceSweep > Math.max(1000, this.#counters.size)) this.#sweep(now);
  }

  #sweep(now: number): void {
    this.#writesSinceSweep = 0;
    for (const [key, counter] of this.#counters) {
      if (counter.expiresAt !== undefined && now >= counter.expiresAt) this.#counters.delete(key);
    }
  }

  #forgetOldEventIds(now: number): void {
    for (const [eventId, seenAt] of this.#seenEventIds) {
      if (this.#seenEventIds.size < this.#maxEventIds && now - seenAt < this.#eventIdTtlMs) break;
      this.#seenEventIds.delete(eventId);
    }
  }
}
