import { Redis } from "ioredis";
import { OfferkitError, type CounterCheck, type CounterIncrement, type CounterStore, type RankedCaps, type RankedOutcome, type ReserveResult } from "@offerkit/core";
import { placeInOrder } from "./place-in-order.js";
import { RECORD_SCRIPT, RESERVE_RANKED_SCRIPT, RESERVE_SCRIPT } from "./redis-counter-scripts.js";

export interface RedisCounterStoreOptions {
  /** Prefix of every key this store writes; default "offerkit:". */
  keyPrefix?: string | undefined;
}

type Scripted = Redis & {
  offerkitReserve(numKeys: number, ...args: (string | number)[]): Promise<[number, number?, number?]>;
  offerkitRecord(numKeys: number, ...args: (string | number)[]): Promise<number>;
  offerkitReserveRanked(numKeys: number, ...args: (string | number)[]): Promise<number[]>;
};

/**
 * Cap counters in Redis: one Lua script per reserve, per ranked reservation (a decision's whole
 * ranked list in one round trip) and per record (atomic on the server), keys expiring at their window end. For one Redis (not Cluster: a reserve's keys span hash slots).
 */
export class RedisCounterStore implements CounterStore {
  private readonly redis: Scripted;
  private readonly counterPrefix: string;
  private readonly seenPrefix: string;

  private constructor(redis: Redis, options: RedisCounterStoreOptions, private readonly ownsConnection: boolean) {
    const prefix = options.keyPrefix ?? "offerkit:";
    this.counterPrefix = `${prefix}counter:`;
    this.seenPrefix = `${prefix}seen-event:`;
    redis.defineCommand("offerkitReserve", { lua: RESERVE_SCRIPT });
    redis.defineCommand("offerkitRecord", { lua: RECORD_SCRIPT });
    redis.defineCommand("offerkitReserveRanked", { lua: RESERVE_RANKED_SCRIPT });
    this.redis = redis as Scripted;
  }

  /** Connects and checks the server answers; fails with a clear message when it does not. */
  static async connect(url: string, options: RedisCounterStoreOptions = {}): Promise<RedisCounterStore> {
    // Auto-pipelining: the scripts of concurrent decisions issued in one event-loop turn go out in one write.
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 3000, enableOfflineQueue: true, enableAutoPipelining: true });
    // Errors surface on the commands that fail; without a listener ioredis would print every retry.
    redis.on("error", () => undefined);
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      throw new OfferkitError("UNAVAILABLE", `cannot reach Redis at ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
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
      args.push(check.limit, slot(check.writeKey), check.expiresAt ?? -1, readIndexes.length, ...readIndexes);
    }
    const [ok, index, count] = await this.redis.offerkitReserve(keys.length, ...keys.map((k) => this.counterKey(k)), ...args);
    return ok === 1 ? { ok: true } : { ok: false, index: index ?? 0, count: count ?? 0 };
  }

  async reserveRanked(candidates: readonly RankedCaps[], wanted: number): Promise<RankedOutcome[]> {
    if (candidates.length === 0) return [];
    const keys: string[] = [];
    const indexOf = new Map<string, number>();
    const slot = (key: string): number => {
      let index = indexOf.get(key);
      if (index === undefined) {
        keys.push(this.counterKey(key));
        index = keys.length;
        indexOf.set(key, index);
      }
      return index;
    };
    const args: number[] = [wanted, candidates.length];
    for (const candidate of candidates) {
      args.push(candidate.placeable ? 1 : 0, candidate.checks.length);
      candidate.checks.forEach((check, i) => {
        const readIndexes = check.readKeys.map(slot);
        args.push(check.limit, slot(check.writeKey), check.expiresAt ?? -1, candidate.reserve.includes(i) ? 1 : 0, readIndexes.length, ...readIndexes);
      });
    }
    // A list where no offer has a cap reads nothing: no round trip needed.
    if (keys.length === 0) return placeInOrder(candidates, wanted);
    const flat = await this.redis.offerkitReserveRanked(keys.length, ...keys, ...args);
    return candidates.map((_, i): RankedOutcome => {
      const outcome = flat[3 * i];
      if (outcome === 1) return { placed: true };
      if (outcome === 2) return { placed: false, exhausted: { index: flat[3 * i + 1] ?? 0, count: flat[3 * i + 2] ?? 0 } };
      return { placed: false };
    });
  }

  async record(eventId: string, increments: readonly CounterIncrement[]): Promise<boolean> {
    const expiryByKey = new Map<string, number>();
    for (const inc of increments) {
      const previous = expiryByKey.get(inc.writeKey);
      const next = inc.expiresAt ?? -1;
      expiryByKey.set(inc.writeKey, previous === undefined ? next : previous === -1 || next === -1 ? -1 : Math.max(previous, next));
    }
    // The event id is remembered as long as any counter it touched still matters.
    const expiries = [...expiryByKey.values()];
    const seenExpiry = increments.length === 0 || expiries.includes(-1) ? -1 : Math.max(...expiries);
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
