import { capCheckFor } from "../../caps/cap-check.js";
import type { CounterCheck } from "../../caps/counter-store.js";
import type { CapRule } from "../../model/cap-rule.js";
import type { RequestState } from "../request-state.js";
import type { TraceRecorder } from "../trace-recorder.js";
import type { Candidate } from "./pool-candidates.js";

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
    for (const cap of candidate.offer.caps) {
      const check = capCheckFor({
        offerId: candidate.offer.id,
        cap,
        profileId: state.profileId,
        placementId,
        now: state.now,
        anchor: candidate.offer.startMs === undefined ? undefined : new Date(candidate.offer.startMs),
      });
      if (!check) continue;
      checks.push(check);
      owners.push({ candidate, cap });
      if (cap.event === "decision") candidate.reserve.push({ check, cap });
    }
  }
  if (checks.length === 0) return candidates;
  const counts = await state.counters.counts(checks);
  const capped = new Set<Candidate>();
  owners.forEach(({ candidate, cap }, i) => {
    const count = counts[i] ?? 0;
    if (capped.has(candidate) || count < cap.limit) return;
    capped.add(candidate);
    trace?.set(groupIndex, candidate.offer.id, "cap", `cap "${cap.id}" is exhausted (${count}/${cap.limit})`, {
      cap: { capId: cap.id, count, limit: cap.limit },
    });
  });
  return capped.size === 0 ? candidates : candidates.filter((c) => !capped.has(c));
}
