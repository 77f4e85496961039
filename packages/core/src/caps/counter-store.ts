/**
 * Where cap counters live. Implementations: MemoryCounterStore (core), SQL (PGlite / PostgreSQL) and
 * Redis (Lua) in the decision server. Every method is one atomic step against the store, so any
 * number of engine instances sharing a store never over-deliver.
 */

/**
 * One cap, as the store sees it: which counter(s) to read, which to bump, and the limit.
 * Keys come from capCheckFor (format documented in counter-key.ts) and may contain any character,
 * including `|`, `%` and quotes; stores treat them as opaque strings and may prepend a namespace.
 */
export interface CounterCheck {
  /** Keys whose values are summed to get the cap's current count (several only for rolling windows). */
  readKeys: readonly string[];
  /** The key a reservation or an event increments (always one of readKeys). */
  writeKey: string;
  limit: number;
  /**
   * Epoch ms after which writeKey's value no longer matters (window end); stores may expire it.
   * Keys are per window, so expiry only reclaims space and is never what resets a cap. A store reads
   * it against its own clock: an engine running on simulated time must give the store that clock.
   */
  expiresAt?: number | undefined;
}

export interface CounterIncrement {
  writeKey: string;
  expiresAt?: number | undefined;
}

export type ReserveResult =
  | { ok: true }
  /** Nothing was changed; `index` is the first exhausted check, `count` its current count. */
  | { ok: false; index: number; count: number };

/** One ranked candidate offer, as `reserveRanked` sees it. */
export interface RankedCaps {
  /** Every cap of the offer that counts here; any one with count >= limit excludes the offer. */
  checks: readonly CounterCheck[];
  /** Indexes into `checks` of the caps a placement reserves (decision caps): each writeKey + 1. */
  reserve: readonly number[];
  /** false: only checked, never placed (for instance already placed by an earlier scope). */
  placeable: boolean;
}

export type RankedOutcome =
  /** Checks had room and the reservation was made. */
  | { placed: true; exhausted?: undefined }
  /** Checks had room; not placed (not placeable, or `wanted` offers were placed before it). Nothing changed. */
  | { placed: false; exhausted?: undefined }
  /** `index` is the first check with count >= limit, `count` its count. Nothing changed for this offer. */
  | { placed: false; exhausted: { index: number; count: number } };

export interface CounterStore {
  /** Current count of every check (sum of its readKeys), in order. */
  counts(checks: readonly CounterCheck[]): Promise<number[]>;
  /**
   * Atomic and all-or-nothing: if for every check count + 1 <= limit, increment every writeKey by
   * one and return ok; otherwise change nothing.
   */
  reserve(checks: readonly CounterCheck[]): Promise<ReserveResult>;
  /**
   * Idempotent by eventId: the first call with an id increments every writeKey by one and returns
   * true; any later call with the same id changes nothing and returns false.
   */
  record(eventId: string, increments: readonly CounterIncrement[]): Promise<boolean>;
  /**
   * Optional, one round trip for a whole ranked list (the engine uses it when present, else counts()
   * then one reserve() per placed offer). In one atomic step, in the given order: an offer with any
   * check at count >= limit is exhausted; otherwise, if it is placeable and fewer than `wanted` offers
   * were placed so far, its `reserve` checks are incremented and it is placed. Every offer is checked,
   * also after `wanted` were placed. Counts seen by later offers include earlier reservations.
   * Same outcome as counts() of every check followed by reserve() of each placed offer's `reserve`
   * checks, in order, with no other client in between.
   */
  reserveRanked?(candidates: readonly RankedCaps[], wanted: number): Promise<RankedOutcome[]>;
  close?(): Promise<void>;
}
