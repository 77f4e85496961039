import type { CounterStore, RankedCaps } from "../../caps/counter-store.js";
import type { RequestState } from "../request-state.js";
import type { TraceRecorder } from "../trace-recorder.js";
import { capChecksOf, traceExhausted } from "./exclude-capped.js";
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
 * Runs synchronously until the first reservation; returns a promise only if it has to wait.
 */
export function placeItems(
  state: RequestState,
  ranked: readonly Candidate[],
  fill: ScopeFill,
  groupIndex: number,
  trace: TraceRecorder | undefined,
): Promise<void> | undefined {
  for (let i = 0; i < ranked.length; i++) {
    const candidate = ranked[i]!;
    const verdict = admit(state, candidate, fill, groupIndex, trace);
    if (verdict === "stop") return undefined;
    if (verdict === "skip") continue;
    if (!state.dryRun && candidate.reserve.length > 0)
      return reserveAndContinue(state, ranked, i, fill, groupIndex, trace);
    place(state, candidate, fill, groupIndex, trace);
  }
  return undefined;
}

async function reserveAndContinue(
  state: RequestState,
  ranked: readonly Candidate[],
  from: number,
  fill: ScopeFill,
  groupIndex: number,
  trace: TraceRecorder | undefined,
): Promise<void> {
  for (let i = from; i < ranked.length; i++) {
    const candidate = ranked[i]!;
    // The first candidate was admitted by placeItems already; admit again is idempotent.
    const verdict = admit(state, candidate, fill, groupIndex, trace);
    if (verdict === "stop") return;
    if (verdict === "skip") continue;
    if (!state.dryRun && candidate.reserve.length > 0) {
      const reserved = await state.counters.reserve(candidate.reserve.map((r) => r.check));
      if (!reserved.ok) {
        const cap = candidate.reserve[reserved.index]?.cap;
        if (trace && cap) {
          trace.set(
            groupIndex,
            candidate.offer.id,
            "cap",
            `cap "${cap.id}" was exhausted at reservation (${reserved.count}/${cap.limit})`,
            {
              cap: { capId: cap.id, count: reserved.count, limit: cap.limit },
            },
          );
        }
        continue;
      }
    }
    place(state, candidate, fill, groupIndex, trace);
  }
}

/** The counter store's one-round-trip check-and-reserve, when it has one and this request reserves. */
export function rankedReservation(
  state: RequestState,
): Required<Pick<CounterStore, "reserveRanked">> | undefined {
  const store = state.counters;
  return state.dryRun || store.reserveRanked === undefined
    ? undefined
    : (store as Required<Pick<CounterStore, "reserveRanked">>);
}

/**
 * Stages 2 (caps) and 4–6 with one counter-store call for the whole ranked list: the store checks every
 * candidate's caps and reserves the decision caps of the first ones that fit, atomically. Same
 * propositions and trace as excludeCapped followed by placeItems (counts, then one reserve per placed
 * offer) when no other request interleaves: the store applies the same rules in the same order.
 */
export async function placeReservingRanked(
  state: RequestState,
  store: Required<Pick<CounterStore, "reserveRanked">>,
  ranked: readonly Candidate[],
  fill: ScopeFill,
  groupIndex: number,
  placementId: string,
  trace: TraceRecorder | undefined,
): Promise<void> {
  const caps = ranked.map((candidate) => capChecksOf(state, candidate, placementId));
  const request: RankedCaps[] = caps.map((own, i) => ({
    checks: own.checks,
    reserve: own.reserve,
    // Duplicates are still checked (a cap trace wins over a dedup trace, as in excludeCapped) but never placed.
    placeable: duplicateReason(state, ranked[i]!, fill) === undefined,
  }));
  const wanted = Math.max(0, Math.min(fill.itemCount - fill.placed.length, state.remainingItems));
  const outcomes = await store.reserveRanked(request, wanted);
  for (let i = 0; i < ranked.length; i++) {
    const candidate = ranked[i]!;
    const exhausted = outcomes[i]?.exhausted;
    if (exhausted !== undefined) {
      const cap = caps[i]!.caps[exhausted.index];
      if (trace && cap) traceExhausted(trace, groupIndex, candidate, cap, exhausted.count);
      continue;
    }
    // The store placed exactly the first `wanted` placeable candidates with room: admit agrees.
    const verdict = admit(state, candidate, fill, groupIndex, trace);
    if (verdict === "stop") return;
    if (verdict === "place" && outcomes[i]?.placed === true)
      place(state, candidate, fill, groupIndex, trace);
  }
}

function duplicateReason(
  state: RequestState,
  candidate: Candidate,
  fill: ScopeFill,
): string | undefined {
  const id = candidate.offer.id;
  if (fill.placedIds.has(id)) return "already placed in this scope by an earlier group";
  if (!state.allowDuplicates && state.usedAcrossScopes.has(id))
    return "placed in an earlier scope of this request (duplicates not allowed)";
  return undefined;
}

/** Dedup and item-count checks: "place" when the candidate may take the next slot. */
function admit(
  state: RequestState,
  candidate: Candidate,
  fill: ScopeFill,
  groupIndex: number,
  trace: TraceRecorder | undefined,
): "place" | "skip" | "stop" {
  const id = candidate.offer.id;
  const duplicate = duplicateReason(state, candidate, fill);
  if (duplicate !== undefined) {
    trace?.set(groupIndex, id, "dedup", duplicate);
    return "skip";
  }
  if (fill.placed.length >= fill.itemCount || state.remainingItems <= 0) {
    if (!trace) return "stop";
    trace.set(groupIndex, id, "item-count", `scope already has ${fill.placed.length} item(s)`);
    return "skip";
  }
  return "place";
}

function place(
  state: RequestState,
  candidate: Candidate,
  fill: ScopeFill,
  groupIndex: number,
  trace: TraceRecorder | undefined,
): void {
  fill.placed.push(candidate);
  fill.placedIds.add(candidate.offer.id);
  state.remainingItems--;
  trace?.set(groupIndex, candidate.offer.id, "selected", `placed at rank ${fill.placed.length}`);
}
