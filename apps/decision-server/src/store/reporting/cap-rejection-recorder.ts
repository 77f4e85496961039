import type {
  CounterCheck,
  CounterIncrement,
  CounterStore,
  RankedCaps,
  RankedOutcome,
  ReserveResult,
} from "@offerkit/core";
import type { SqlClient } from "../types.js";
import { capCounterOwner } from "./cap-rejection-key.js";

const HOUR_MS = 3_600_000;
/** Distinct (hour, offer, placement, cap) keys held while the database is unreachable; more are dropped. */
const MAX_PENDING_KEYS = 50_000;

export interface CapRejectionRecorderOptions {
  /** How often pending counts are written; default 2 s. */
  flushIntervalMs?: number;
  /** Wall clock (epoch ms); tests may pin it. */
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Counts, per UTC hour, offer, placement and cap, the candidates dropped because a cap was exhausted,
 * for the offer report. It sees what the engine asks the counter store: `wrap` returns a CounterStore
 * that forwards every call and notes each offer whose check found a cap at its limit (once per offer
 * per check, at the first exhausted cap) and each reservation refused atomically. Counts are kept in
 * memory and added to `cap_rejections_hourly` in one statement per flush, so the hot path never waits
 * on the database. Placement: known for caps counted per placement; "" otherwise.
 */
export class CapRejectionRecorder {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly sql: SqlClient,
    private readonly options: CapRejectionRecorderOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer ??= setInterval(
      () => void this.flush().catch((error: unknown) => this.options.onError?.(error)),
      this.options.flushIntervalMs ?? 2000,
    );
    this.timer.unref();
  }

  /** Writes everything noted so far; on failure the counts stay pending for the next flush. */
  async flush(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const rows = [...batch].map(([key, count]) => {
      const [hour, offerId, placementId, capId] = key.split("\u0000") as [
        string,
        string,
        string,
        string,
      ];
      return {
        hour: new Date(Number(hour)).toISOString(),
        offer_id: offerId,
        placement_id: placementId,
        cap_id: capId,
        count,
      };
    });
    this.flushing = this.sql
      .query(
        `INSERT INTO cap_rejections_hourly (hour, offer_id, placement_id, cap_id, count)
         SELECT x.hour, x.offer_id, x.placement_id, x.cap_id, x.count
           FROM jsonb_to_recordset($1::jsonb) AS x(hour timestamptz, offer_id text, placement_id text, cap_id text, count bigint)
         ON CONFLICT (hour, offer_id, placement_id, cap_id) DO UPDATE SET count = cap_rejections_hourly.count + excluded.count`,
        [JSON.stringify(rows)],
      )
      .then(
        () => undefined,
        (error: unknown) => {
          for (const [key, count] of batch) this.add(key, count);
          throw error;
        },
      )
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }

  /** Stops the timer and writes what is pending. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** A CounterStore that behaves exactly like `inner` and notes cap rejections here. */
  wrap(inner: CounterStore): CounterStore {
    const ranked = inner.reserveRanked?.bind(inner);
    const store: CounterStore = {
      counts: async (checks: readonly CounterCheck[]) => {
        const counts = await inner.counts(checks);
        let noted: Set<string> | undefined;
        for (let i = 0; i < counts.length; i++) {
          const check = checks[i];
          if (check === undefined || (counts[i] ?? 0) < check.limit) continue;
          const owner = capCounterOwner(check.writeKey);
          if (owner === undefined) continue;
          noted ??= new Set();
          if (noted.has(owner.offerId)) continue;
          noted.add(owner.offerId);
          this.note(check.writeKey);
        }
        return counts;
      },
      reserve: async (checks: readonly CounterCheck[]): Promise<ReserveResult> => {
        const result = await inner.reserve(checks);
        if (!result.ok) {
          const check = checks[result.index];
          if (check !== undefined) this.note(check.writeKey);
        }
        return result;
      },
      record: (eventId: string, increments: readonly CounterIncrement[]) =>
        inner.record(eventId, increments),
      close: async () => {
        await inner.close?.();
      },
    };
    if (ranked !== undefined) {
      store.reserveRanked = async (
        candidates: readonly RankedCaps[],
        wanted: number,
      ): Promise<RankedOutcome[]> => {
        const outcomes = await ranked(candidates, wanted);
        outcomes.forEach((outcome, i) => {
          if (outcome.exhausted === undefined) return;
          const check = candidates[i]?.checks[outcome.exhausted.index];
          if (check !== undefined) this.note(check.writeKey);
        });
        return outcomes;
      };
    }
    return store;
  }

  private note(writeKey: string): void {
    const owner = capCounterOwner(writeKey);
    if (owner === undefined) return;
    const now = this.now();
    const hour = now - (now % HOUR_MS);
    this.add(`${hour}\u0000${owner.offerId}\u0000${owner.placementId}\u0000${owner.capId}`, 1);
  }

  private add(key: string, count: number): void {
    const current = this.pending.get(key);
    if (current === undefined && this.pending.size >= MAX_PENDING_KEYS) return;
    this.pending.set(key, (current ?? 0) + count);
  }
}
