import type { Frame } from "../rules/expression.js";
import type { CompiledOffer } from "./compiled-library.js";

/**
 * Narrows a criterion's members to those whose eligibility rule can be true for this request.
 * It may return offers whose rule turns out false (they are evaluated), never omit one whose rule
 * could be true: correctness first, the index only saves work.
 */
export interface EligibilityIndex {
  candidates(frame: Frame): readonly CompiledOffer[];
}

/** No index: every member is a candidate (the full-scan reference the indexed engine is held to). */
export class FullScanIndex implements EligibilityIndex {
  constructor(private readonly members: readonly CompiledOffer[]) {}
  candidates(): readonly CompiledOffer[] {
    return this.members;
  }
}
