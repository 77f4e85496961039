import type { RequestState } from "../request-state.js";
import type { TraceRecorder } from "../trace-recorder.js";
import type { Candidate } from "./pool-candidates.js";

/** What one scope has placed so far, across its groups. */
export interface ScopeFill {
  readonly itemCount: number;
  readonly placed: Candidate[];
  readonly placedIds: Set<string>;
}

/**
 * Stages 4 and 6: walk the ranked candidates, skip offers already placed in this scope or (without
 * duplicates) in an earlier scope, append until itemCount, reserving each placed offer's decision
 * caps atomically — a failed reservation (another request took the last unit) skips the offer.
 */
export async function placeItems(
  state: RequestState,
  ranked: readonly Candidate[],
  fill: ScopeFill,
  groupIndex: number,
  trace: TraceRecorder | undefined,
): Promise<void> {
  for (const candidate of ranked) {
    const id = candidate.offer.id;
    if (fill.placedIds.has(id)) {
      trace?.set(groupIndex, id, "dedup", "already placed in this scope by an earlier group");
      continue;
    }
    if (!state.allowDuplicates && state.usedAcrossScopes.has(id)) {
      trace?.set(groupIndex, id, "dedup", "placed in an earlier scope of this request (duplicates not allowed)");
      continue;
    }
    if (fill.placed.length >= fill.itemCount || state.remainingItems <= 0) {
      if (!trace) return;
      trace.set(groupIndex, id, "item-count", `scope already has ${fill.placed.length} item(s)`);
      continue;
    }
    if (!state.dryRun && candidate.reserve.length > 0) {
      const reserved = await state.counters.reserve(candidate.reserve.map((r) => r.check));
      if (!reserved.ok) {
        const cap = candidate.reserve[reserved.index]?.cap;
        if (trace && cap) {
          trace.set(groupIndex, id, "cap", `cap "${cap.id}" was exhausted at reservation (${reserved.count}/${cap.limit})`, {
            cap: { capId: cap.id, count: reserved.count, limit: cap.limit },
          });
        }
        continue;
      }
    }
    fill.placed.push(candidate);
    fill.placedIds.add(id);
    state.remainingItems--;
    trace?.set(groupIndex, id, "selected", `placed at rank ${fill.placed.length}`);
  }
}
