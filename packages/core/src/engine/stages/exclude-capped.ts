import type { CounterCheck } from "../../caps/counter-store.js";
import type { CapRule } from "../../model/cap-rule.js";
import type { RequestState } from "../request-state.js";
import type { TraceRecorder } from "../trace-recorder.js";
import type { Candidate } from "./pool-candidates.js";

/** A candidate's caps that count in this placement, with their checks, in the offer's cap order. */
export interface CandidateCaps {
  checks: CounterCheck[];
  caps: CapRule[];
  /** Indexes into checks of the decision caps (reserved when the offer is placed). */
  reserve: number[];
}

/**
 * The checks of every cap of `candidate` that counts in this placement; also remembers its
 * decision-cap checks in `candidate.reserve` so placing it can reserve them atomically.
 */
export function capChecksOf(
  state: RequestState,
  candidate: Candidate,
  placementId: string,
): CandidateCaps {
  const own: CandidateCaps = { checks: [], caps: [], reserve: [] };
  for (const memo of candidate.offer.capChecks) {
    const check = memo.checkFor(state.capProfileKey, placementId, state.nowMs);
    if (!check) continue;
    const cap = memo.cap;
    if (cap.event === "decision") {
      own.reserve.push(own.checks.length);
      candidate.reserve.push({ check, cap });
    }
    own.checks.push(check);
    own.caps.push(cap);
  }
  return own;
}

/** The trace line of a candidate dropped because one of its caps had no room left. */
export function traceExhausted(
  trace: TraceRecorder,
  groupIndex: number,
  candidate: Candidate,
  cap: CapRule,
  count: number,
): void {
  trace.set(
    groupIndex,
    candidate.offer.id,
    "cap",
    `cap "${cap.id}" is exhausted (${count}/${cap.limit})`,
    {
      cap: { capId: cap.id, count, limit: cap.limit },
    },
  );
}

/**
 * Stage 2 (caps): drop candidates with any exhausted cap — one batched counter read per group.
 * Remembers each survivor's decision-cap checks so placing it can reserve them atomically.
 */
export async function excludeCapped(
  state: RequestState,
  candidates: Candidate[],
  placementId: string,
  groupIndex: number,
  trace: TraceRecorder | undefined,
): Promise<Candidate[]> {
  const checks: CounterCheck[] = [];
  const owners: { candidate: Candidate; cap: CapRule }[] = [];
  for (const candidate of candidates) {
    const own = capChecksOf(state, candidate, placementId);
    for (let i = 0; i < own.checks.length; i++) {
      checks.push(own.checks[i]!);
      owners.push({ candidate, cap: own.caps[i]! });
    }
  }
  if (checks.length === 0) return candidates;
  const counts = await state.counters.counts(checks);
  const capped = new Set<Candidate>();
  owners.forEach(({ candidate, cap }, i) => {
    const count = counts[i] ?? 0;
    if (capped.has(candidate) || count < cap.limit) return;
    capped.add(candidate);
    if (trace) traceExhausted(trace, groupIndex, candidate, cap, count);
  });
  return capped.size === 0 ? candidates : candidates.filter((c) => !capped.has(c));
}
