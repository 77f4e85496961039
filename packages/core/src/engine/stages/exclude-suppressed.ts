import type { CounterCheck } from "../../caps/counter-store.js";
import type { CompiledContactPolicy } from "../../library/compiled-learning.js";
import { suppressionCheck } from "../../learning/suppression-window.js";
import type { RequestState } from "../request-state.js";
import type { TraceRecorder } from "../trace-recorder.js";
import type { Candidate } from "./pool-candidates.js";

/**
 * Contact policies: drop candidates a policy suppresses for this profile (an outcome on the target
 * within the last `days` × 24 h). One batched counter read per group, one check per policy (a tag
 * policy's check serves every offer carrying the tag). The trace names the policy.
 */
export async function excludeSuppressed(
  state: RequestState,
  candidates: Candidate[],
  placementId: string,
  groupIndex: number,
  trace: TraceRecorder | undefined,
): Promise<Candidate[]> {
  const byOffer = state.library.learning.policiesByOffer;
  const checkIndex = new Map<CompiledContactPolicy, number>();
  const checks: CounterCheck[] = [];
  for (const c of candidates) {
    for (const p of byOffer.get(c.offer.id) ?? []) {
      if (checkIndex.has(p) || (p.placements !== undefined && !p.placements.has(placementId)))
        continue;
      checkIndex.set(p, checks.length);
      checks.push(suppressionCheck(p.id, state.profileId, state.nowMs, p.days));
    }
  }
  if (checks.length === 0) return candidates;
  const counts = await state.counters.counts(checks);
  return candidates.filter((c) => {
    for (const p of byOffer.get(c.offer.id) ?? []) {
      const i = checkIndex.get(p);
      if (i === undefined || (counts[i] ?? 0) === 0) continue;
      const outcome = typeof p.outcome === "string" ? p.outcome : `custom "${p.outcome.custom}"`;
      trace?.set(
        groupIndex,
        c.offer.id,
        "suppressed",
        `contact policy "${p.id}" suppresses it for ${p.days} day(s) after ${outcome}`,
        {
          contactPolicy: p.id,
        },
      );
      return false;
    }
    return true;
  });
}
