import type {
  CounterCheck,
  CounterIncrement,
  CounterStore,
  RankedCaps,
  RankedOutcome,
  ReserveResult,
} from "@offerkit/core";
import type { SqlClient, SqlExecutor } from "../types.js";
import { placeInOrder } from "./place-in-order.js";

export interface SqlCounterStoreOptions {
  /** Epoch ms now; the engine computes window ends with the same clock. */
  now?: (() => number) | undefined;
  /** How often (at most) expired counters and seen-event rows are deleted; default 60 s. */
  sweepIntervalMs?: number | undefined;
}

interface CounterRow {
  key: string;
  value: number;
  expires_at: number | null;
}

/**
 * Cap counters in the `counters` table (PGlite or PostgreSQL). reserve locks the rows of every key it
 * reads, in key order (no deadlocks), inside one transaction: concurrent reserves on any number of
 * instances take turns per key, so a limit is never exceeded. A row whose expires_at has passed
 * counts as 0 and restarts at the next write.
 */
export class SqlCounterStore implements CounterStore {
  private readonly now: () => number;
  private readonly sweepIntervalMs: number;
  private lastSweep = 0;

  constructor(
    private readonly sql: SqlClient,
    options: SqlCounterStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  }

  async counts(checks: readonly CounterCheck[]): Promise<number[]> {
    const keys = distinct(checks.flatMap((c) => c.readKeys));
    if (keys.length === 0) return checks.map(() => 0);
    const rows = await this.sql.query<CounterRow>(
      "SELECT key, value, expires_at FROM counters WHERE key IN (SELECT jsonb_array_elements_text($1::jsonb))",
      [JSON.stringify(keys)],
    );
    const live = liveValues(rows, this.now());
    return checks.map((c) => sum(c.readKeys, live));
  }

  async reserve(checks: readonly CounterCheck[]): Promise<ReserveResult> {
    if (checks.length === 0) return { ok: true };
    const result = await retryOnDeadlock(() =>
      this.sql.transaction(async (tx): Promise<ReserveResult> => {
        const now = this.now();
        const live = await lockCounters(
          tx,
          distinct(checks.flatMap((c) => [...c.readKeys, c.writeKey])).sort(),
          now,
        );
        for (const [index, check] of checks.entries()) {
          const count = sum(check.readKeys, live);
          if (count + 1 > check.limit) return { ok: false, index, count };
        }
        await increment(tx, writesOf(checks), now);
        return { ok: true };
      }),
    );
    await this.maybeSweep();
    return result;
  }

  /** The whole ranked list in one transaction: every key locked in order, as reserve does. */
  async reserveRanked(candidates: readonly RankedCaps[], wanted: number): Promise<RankedOutcome[]> {
    const keys = distinct(
      candidates.flatMap((c) => c.checks.flatMap((check) => [...check.readKeys, check.writeKey])),
    ).sort();
    if (keys.length === 0) return placeInOrder(candidates, wanted);
    const outcomes = await retryOnDeadlock(() =>
      this.sql.transaction(async (tx): Promise<RankedOutcome[]> => {
        const now = this.now();
        const live = await lockCounters(tx, keys, now);
        const amounts = new Map<string, { amount: number; expires_at: number | null }>();
        let placed = 0;
        const result = candidates.map((candidate): RankedOutcome => {
          for (const [index, check] of candidate.checks.entries()) {
            const count = sum(check.readKeys, live);
            if (count >= check.limit) return { placed: false, exhausted: { index, count } };
          }
          if (!candidate.placeable || placed >= wanted) return { placed: false };
          for (const index of candidate.reserve) {
            const check = candidate.checks[index];
            if (check === undefined) continue;
            live.set(check.writeKey, (live.get(check.writeKey) ?? 0) + 1);
            const previous = amounts.get(check.writeKey);
            const expiresAt = check.expiresAt ?? null;
            amounts.set(check.writeKey, {
              amount: (previous?.amount ?? 0) + 1,
              expires_at:
                previous === undefined
                  ? expiresAt
                  : previous.expires_at === null || expiresAt === null
                    ? null
                    : Math.max(previous.expires_at, expiresAt),
            });
          }
          placed++;
          return { placed: true };
        });
        await increment(
          tx,
          [...amounts]
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([key, w]) => ({ key, ...w })),
          now,
        );
        return result;
      }),
    );
    await this.maybeSweep();
    return outcomes;
  }

  async record(eventId: string, increments: readonly CounterIncrement[]): Promise<boolean> {
    const writes = writesOf(increments);
    const seenUntil = increments.some((i) => i.expiresAt === undefined)
      ? null
      : Math.max(0, ...increments.map((i) => i.expiresAt ?? 0));
    const recorded = await this.sql.transaction(async (tx) => {
      // The seen-event row is the idempotency guard: a concurrent duplicate waits on it, then finds it.
      const fresh = await tx.query(
        "INSERT INTO counter_events (event_id, expires_at) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
        [eventId, increments.length === 0 ? null : seenUntil],
      );
      if (fresh.length === 0) return false;
      await increment(tx, writes, this.now());
      return true;
    });
    await this.maybeSweep();
    return recorded;
  }

  /** Deletes counters and seen-event rows whose window has ended. */
  async sweepExpired(): Promise<void> {
    const now = this.now();
    this.lastSweep = now;
    await this.sql.query("DELETE FROM counters WHERE expires_at IS NOT NULL AND expires_at <= $1", [
      now,
    ]);
    await this.sql.query(
      "DELETE FROM counter_events WHERE expires_at IS NOT NULL AND expires_at <= $1",
      [now],
    );
  }

  private async maybeSweep(): Promise<void> {
    if (this.now() - this.lastSweep >= this.sweepIntervalMs) await this.sweepExpired();
  }
}

/** One write per distinct key; when a key is given several window ends, the latest applies. */
function writesOf(
  items: readonly { writeKey: string; expiresAt?: number | undefined }[],
): { key: string; expires_at: number | null }[] {
  const byKey = new Map<string, number | null>();
  for (const item of items) {
    const previous = byKey.get(item.writeKey);
    const next = item.expiresAt ?? null;
    byKey.set(
      item.writeKey,
      previous === undefined
        ? next
        : previous === null || next === null
          ? null
          : Math.max(previous, next),
    );
  }
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, expires_at]) => ({ key, expires_at }));
}

/**
 * Creates missing rows first so there is a row to lock for every key, then locks them in key order
 * (`keys` sorted); returns each key's live value.
 */
async function lockCounters(
  tx: SqlExecutor,
  keys: readonly string[],
  now: number,
): Promise<Map<string, number>> {
  await tx.query(
    `INSERT INTO counters (key, value, expires_at)
     SELECT k, 0, NULL FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS t(k, n) ORDER BY n
     ON CONFLICT (key) DO NOTHING`,
    [JSON.stringify(keys)],
  );
  const rows = await tx.query<CounterRow>(
    `SELECT key, value, expires_at FROM counters
      WHERE key IN (SELECT jsonb_array_elements_text($1::jsonb))
      ORDER BY key FOR UPDATE`,
    [JSON.stringify(keys)],
  );
  return liveValues(rows, now);
}

/** Adds `amount` (default 1) to each key; a key whose window ended restarts from it. */
async function increment(
  tx: SqlExecutor,
  writes: { key: string; amount?: number; expires_at: number | null }[],
  now: number,
): Promise<void> {
  if (writes.length === 0) return;
  await tx.query(
    `INSERT INTO counters AS c (key, value, expires_at)
     SELECT x.key, COALESCE(x.amount, 1), x.expires_at FROM jsonb_to_recordset($1::jsonb) AS x(key text, amount bigint, expires_at bigint)
     ON CONFLICT (key) DO UPDATE SET
       value = CASE WHEN c.expires_at IS NOT NULL AND c.expires_at <= $2 THEN excluded.value ELSE c.value + excluded.value END,
       expires_at = excluded.expires_at`,
    [JSON.stringify(writes), now],
  );
}

/** Keys are locked in one order, so deadlocks should not happen; if PostgreSQL still reports one, retry. */
async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= attempts || (code !== "40P01" && code !== "40001")) throw error;
    }
  }
}

function liveValues(rows: readonly CounterRow[], now: number): Map<string, number> {
  const live = new Map<string, number>();
  for (const row of rows)
    live.set(row.key, row.expires_at !== null && row.expires_at <= now ? 0 : row.value);
  return live;
}

function sum(keys: readonly string[], values: Map<string, number>): number {
  let total = 0;
  for (const key of keys) total += values.get(key) ?? 0;
  return total;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
