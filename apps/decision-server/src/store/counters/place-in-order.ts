import type { RankedCaps, RankedOutcome } from "@offerkit/core";

/** reserveRanked's outcome when no offer has a check: the first `wanted` placeable offers are placed, nothing is stored. */
export function placeInOrder(candidates: readonly RankedCaps[], wanted: number): RankedOutcome[] {
  let placed = 0;
  return candidates.map((candidate): RankedOutcome => {
    if (!candidate.placeable || placed >= wanted) return { placed: false };
    placed++;
    return { placed: true };
  });
}
