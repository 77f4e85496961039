import { Redis } from "ioredis";
import {
  OfferkitError,
  type CounterCheck,
  type CounterIncrement,
  type CounterStore,
  type RankedCaps,
  type RankedOutcome,
  type ReserveResult,
} from "@offerkit/core";
import { placeInOrder } from "./place-in-order.js";
import { RECORD_SCRIPT, RESERVE_RANKED_SCRIPT, RESERVE_SCRIPT } from "./redis-counter-scripts.js";

export interface RedisCounterStoreOptions {
  /** Prefix of every key this store writes; default "offerkit:". */
  keyPrefix?: string | undefined;
}

type Scripted = Redis & {
  offerkitReserve(
    numKeys: number,
    ...args: (string | number)[]
  ): Promise<[number, number?, number?]>;
  offerkitRecord(numKeys: number, ...args: (string | number)[]): Promise<number>;
  offerkitReserveRanked(numKeys: number, ...args: (string | number)[]): Promise<number[]>;
};

interface PendingRanked {
  candidates: readonly RankedCaps[];
  wanted: number;
  resolve: (outcomes: RankedOutcome[]) => void;
  reject: (error: unknown) => void;
}

const MAX_LISTS_PER_CALL = 64;
const MAX_KEYS_PER_CALL = 2000;

/**
 * Cap counters in Redis: one Lua script per reserve, per ranked reservation (a decision's whole
 * ranked list in one round trip) and per record (atomic on the server), keys expiring at their window end. For one Redis (not Cluster: a reserve's keys span hash slots).
 */
export class RedisCounterStore implements CounterStore {
  private readonly redis: Scripted;
  private readonly counterPrefix: string;
  private readonly seenPrefix: string;
  private rankedQueue: PendingRanked[] = [];
  private rankedFlushScheduled = false;
  private rankedCalls = 0;

  private constructor(
    redis: Redis,
    options: RedisCounterStoreOptions,
    private readonly ownsConnection: boolean,
  ) {
    const prefix = options.keyPrefix ?? "offerkit:";
    this.counterPrefix = `${prefix}counter:`;
    this.seenPrefix = `${prefix}seen-event:`;
    redis.defineCommand("offerkitReserve", { lua: RESERVE_SCRIPT });
    redis.defineCommand("offerkitRecord", { lua: RECORD_SCRIPT });
    redis.defineCommand("offerkitReserveRanked", { lua: RESERVE_RANKED_SCRIPT });
    this.redis = redis as Scripted;
  }

  /** Connects and checks the server answers; fails with a clear message when it does not. */
  static async connect(
    url: string,
    options: RedisCounterStoreOptions = {},
  ): Promise<RedisCounterStore> {
    // No auto-pipelining: it costs ≈ 40 µs of CPU per command (a Pipeline per flush) and reserveRanked
    // already sends the decisions of one event-loop turn as one script call.
    const redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      connectTimeout: 3000,
      enableOfflineQueue: true,
    });
    // Errors surface on the commands that fail; without a listener ioredis would print every retry.
    redis.on("error", () => undefined);
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      throw new OfferkitError(
        "UNAVAILABLE",
        `cannot reach Redis at ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
    return new RedisCounterStore(redis, options, true);
  }

  /** Uses a connection the caller owns (and closes). */
  static fromClient(redis: Redis, options: RedisCounterStoreOptions = {}): RedisCounterStore {
    return new RedisCounterStore(redis, options, false);
  }

  async counts(checks: readonly CounterCheck[]): Promise<number[]> {
    const keys = [...new Set(checks.flatMap((c) => c.readKeys))];
    if (keys.length === 0) return checks.map(() => 0);
    const values = await this.redis.mget(keys.map((k) => this.counterKey(k)));
    const byKey = new Map(keys.map((k, i) => [k, Number(values[i] ?? 0)]));
    return checks.map((c) => c.readKeys.reduce((total, k) => total + (byKey.get(k) ?? 0), 0));
  }

  async reserve(checks: readonly CounterCheck[]): Promise<ReserveResult> {
    if (checks.length === 0) return { ok: true };
    const keys: string[] = [];
    const indexOf = new Map<string, number>();
    const slot = (key: string): number => {
      let index = indexOf.get(key);
      if (index === undefined) {
        keys.push(key);
        index = keys.length;
        indexOf.set(key, index);
      }
      return index;
    };
    const args: number[] = [checks.length];
    for (const check of checks) {
      const readIndexes = check.readKeys.map(slot);
      args.push(
        check.limit,
        slot(check.writeKey),
        check.expiresAt ?? -1,
        readIndexes.length,
        ...readIndexes,
      );
    }
    const [ok, index, count] = await this.redis.offerkitReserve(
      keys.length,
      ...keys.map((k) => this.counterKey(k)),
      ...args,
    );
    return ok === 1 ? { ok: true } : { ok: false, index: index ?? 0, count: count ?? 0 };
  }

  /**
   * The ranked lists of the decisions of one event-loop turn go to Redis in one script call (they are
   * queued and sent from a setImmediate), applied in arrival order: one round trip, one script run and
   * one MGET for many decisions instead of one each, with each decision's check-and-reserve as atomic as
   * before (the whole call is).
   */
  reserveRanked(candidates: readonly RankedCaps[], wanted: number): Promise<RankedOutcome[]> {
    if (candidates.length === 0) return Promise.resolve([]);
    // A list where no offer has a cap reads nothing: no round trip needed.
    if (candidates.every((c) => c.checks.length === 0))
      return Promise.resolve(placeInOrder(candidates, wanted));
    return new Promise<RankedOutcome[]>((resolve, reject) => {
      this.rankedQueue.push({ candidates, wanted, resolve, reject });
      if (!this.rankedFlushScheduled) {
        this.rankedFlushScheduled = true;
        setImmediate(this.flushRanked);
      }
    });
  }

  /** Script calls made by reserveRanked so far (each carries one or more decisions' lists). */
  get reserveRankedCalls(): number {
    return this.rankedCalls;
  }

  private readonly flushRanked = (): void => {
    this.rankedFlushScheduled = false;
    const queue = this.rankedQueue;
    this.rankedQueue = [];
    let from = 0;
    while (from < queue.length) {
      // Bounded calls: at most MAX_LISTS_PER_CALL lists and (unless one list alone is larger) MAX_KEYS_PER_CALL keys.
      const keys: string[] = [];
      const indexOf = new Map<string, number>();
      const slot = (key: string): number => {
        let index = indexOf.get(key);
        if (index === undefined) {
          keys.push(this.counterPrefix + key);
          index = keys.length;
          indexOf.set(key, index);
        }
        return index;
      };
      const args: number[] = [0];
      const batch: PendingRanked[] = [];
      while (
        from < queue.length &&
        batch.length < MAX_LISTS_PER_CALL &&
        (batch.length === 0 || keys.length < MAX_KEYS_PER_CALL)
      ) {
        const pending = queue[from++]!;
        batch.push(pending);
        args.push(pending.wanted, pending.candidates.length);
        for (const candidate of pending.candidates) {
          args.push(candidate.placeable ? 1 : 0, candidate.checks.length);
          for (let i = 0; i < candidate.checks.length; i++) {
            const check = candidate.checks[i]!;
            args.push(
              check.limit,
              slot(check.writeKey),
              check.expiresAt ?? -1,
              candidate.reserve.includes(i) ? 1 : 0,
              check.readKeys.length,
            );
            for (const readKey of check.readKeys) args.push(slot(readKey));
          }
        }
      }
      args[0] = batch.length;
      this.rankedCalls++;
      this.redis.offerkitReserveRanked(keys.length, ...keys, ...args).then(
        (flat) => {
          let at = 0;
          for (const pending of batch) {
            pending.resolve(
              pending.candidates.map((): RankedOutcome => {
                const outcome = flat[at];
                const index = flat[at + 1] ?? 0;
                const count = flat[at + 2] ?? 0;
                at += 3;
                if (outcome === 1) return { placed: true };
                if (outcome === 2) return { placed: false, exhausted: { index, count } };
                return { placed: false };
              }),
            );
          }
        },
        (error: unknown) => {
          for (const pending of batch) pending.reject(error);
        },
      );
    }
  };

  async record(eventId: string, increments: readonly CounterIncrement[]): Promise<boolean> {
    const expiryByKey = new Map<string, number>();
    for (const inc of increments) {
      const previous = expiryByKey.get(inc.writeKey);
      const next = inc.expiresAt ?? -1;
      expiryByKey.set(
        inc.writeKey,
        previous === undefined
          ? next
          : previous === -1 || next === -1
            ? -1
            : Math.max(previous, next),
      );
    }
    // The event id is remembered as long as any counter it touched still matters.
    const expiries = [...expiryByKey.values()];
    const seenExpiry =
      increments.length === 0 || expiries.includes(-1) ? -1 : Math.max(...expiries);
    const writeKeys = [...expiryByKey.keys()];
    const counted = await this.redis.offerkitRecord(
      1 + writeKeys.length,
      this.seenPrefix + eventId,
      ...writeKeys.map((k) => this.counterKey(k)),
      seenExpiry,
      ...writeKeys.map((k) => expiryByKey.get(k) ?? -1),
    );
    return counted === 1;
  }

  /** Throws when Redis does not answer (for readiness checks). */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private counterKey(key: string): string {
    return this.counterPrefix + key;
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
}
