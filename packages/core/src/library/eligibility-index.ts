import type { Frame } from "../rules/expression.js";
import type { CompiledOffer } from "./compiled-library.js";
import { RangeSource, type PositionSource } from "./position-source.js";
import type { OrderedMembers } from "./ranking-plan.js";

/**
 * Narrows a criterion's members to those whose eligibility rule can be true for this request.
 * It may return offers whose rule turns out false (they are evaluated), never omit one whose rule
 * could be true: correctness first, the index only saves work.
 */
export interface EligibilityIndex {
  candidates(frame: Frame): readonly CompiledOffer[];
  /** A per-request membership test, for walks that visit members in their own order. */
  filter(frame: Frame): OfferFilter;
  /**
   * The positions in a best-first member order (`plan`) that may match this request, ascending —
   * a superset of the positions whose rule is true. Call prepare(plan) once at compile time.
   */
  positions(frame: Frame, plan: OrderedMembers): PositionSource;
  prepare(plan: OrderedMembers): void;
  /** Optional stepwise build, so a sliced library compile can yield while indexing large criteria. */
  steps?(): Generator<void, void, void>;
}

export interface OfferFilter {
  /** False only when the offer's rule cannot be true for this request. */
  admits(offer: CompiledOffer): boolean;
}

export const ADMIT_ALL: OfferFilter = { admits: () => true };

/** No index: every member is a candidate (the full-scan reference the indexed engine is held to). */
export class FullScanIndex implements EligibilityIndex {
  constructor(private readonly members: readonly CompiledOffer[]) {}
  candidates(): readonly CompiledOffer[] {
    return this.members;
  }
  filter(): OfferFilter {
    return ADMIT_ALL;
  }
  positions(_frame: Frame, plan: OrderedMembers): PositionSource {
    return new RangeSource(plan.members.length);
  }
  prepare(): void {}
}
