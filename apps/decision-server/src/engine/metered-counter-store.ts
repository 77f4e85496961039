import type {
  CounterCheck,
  CounterIncrement,
  CounterStore,
  RankedCaps,
  RankedOutcome,
  ReserveResult,
} from "@offerkit/core";
import type { Counter } from "../ops/prometheus-registry.js";

/**
 * Wraps the configured CounterStore to count cap rejections for /metrics without touching core:
 * a check whose count already reached its limit, and a reservation refused atomically.
 */
export class MeteredCounterStore implements CounterStore {
  /** Offered exactly when the wrapped store offers it, so the engine picks the same path as without metering. */
  readonly reserveRanked?: (
    candidates: readonly RankedCaps[],
    wanted: number,
  ) => Promise<RankedOutcome[]>;

  constructor(
    private readonly inner: CounterStore,
    private readonly rejections: Counter,
  ) {
    const ranked = inner.reserveRanked?.bind(inner);
    if (ranked !== undefined) {
      this.reserveRanked = async (candidates, wanted) => {
        const outcomes = await ranked(candidates, wanted);
        // One atomic check-and-reserve: an exhausted cap is found at the check, as counts() would.
        let exhausted = 0;
        for (const outcome of outcomes) if (outcome.exhausted !== undefined) exhausted++;
        if (exhausted > 0) this.rejections.inc({ stage: "check" }, exhausted);
        return outcomes;
      };
    }
  }

  async counts(checks: readonly CounterCheck[]): Promise<number[]> {
    const counts = await this.inner.counts(checks);
    let exhausted = 0;
    for (let i = 0; i < counts.length; i++)
      if ((counts[i] ?? 0) >= (checks[i]?.limit ?? Infinity)) exhausted++;
    if (exhausted > 0) this.rejections.inc({ stage: "check" }, exhausted);
    return counts;
  }

  async reserve(checks: readonly CounterCheck[]): Promise<ReserveResult> {
    const result = await this.inner.reserve(checks);
    if (!result.ok) this.rejections.inc({ stage: "reserve" });
    return result;
  }

  record(eventId: string, increments: readonly CounterIncrement[]): Promise<boolean> {
    return this.inner.record(eventId, increments);
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
