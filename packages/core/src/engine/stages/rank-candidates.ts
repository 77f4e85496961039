import { hashString } from "../../util/seeded-random.js";
import type { Candidate } from "./pool-candidates.js";

/**
 * Stage 3 (order): score desc, then priority desc, then offer id asc — documented and deterministic.
 * With a tie-break seed, equal scores are ordered by a hash of (seed, offer id) instead: random-looking
 * but reproducible for the same seed.
 */
export function rankCandidates(
  candidates: Candidate[],
  tieBreakSeed: string | undefined,
): Candidate[] {
  if (tieBreakSeed === undefined) {
    return candidates.sort(
      (a, b) =>
        b.score - a.score ||
        b.offer.priority - a.offer.priority ||
        compareIds(a.offer.id, b.offer.id),
    );
  }
  const key = new Map(candidates.map((c) => [c, hashString(`${tieBreakSeed}\u0000${c.offer.id}`)]));
  return candidates.sort(
    (a, b) => b.score - a.score || key.get(a)! - key.get(b)! || compareIds(a.offer.id, b.offer.id),
  );
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
