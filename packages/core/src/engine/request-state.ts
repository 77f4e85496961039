import type { CounterStore } from "../caps/counter-store.js";
import type { CompiledCriterion, CompiledLibrary } from "../library/compiled-library.js";
import type { DecisionRequest } from "../model/request.js";
import type { Frame } from "../rules/expression.js";
import type { IdGenerator } from "../util/ids.js";
import type { RandomSource } from "../util/seeded-random.js";

/** Why an offer left the pipeline before pooling (memoized per request where it does not depend on the scope). */
export interface Drop {
  stage: "status" | "dates" | "placement" | "eligibility" | "rule-error" | "criterion-rule";
  reason: string;
  expression?: string;
}

/** Everything one decide() call shares across its scopes. */
export interface RequestState {
  readonly library: CompiledLibrary;
  readonly request: DecisionRequest;
  readonly frame: Frame;
  readonly now: Date;
  readonly nowMs: number;
  readonly profileId: string;
  /** profileId as it appears in counter keys (escaped once per request, not per cap). */
  readonly capProfileKey: string;
  /** Whether decision events keep the profile attributes and context ("full") or not ("none"). */
  readonly eventProfile: "full" | "none";
  readonly dryRun: boolean;
  readonly explain: boolean;
  readonly allowDuplicates: boolean;
  readonly tieBreakSeed: string | undefined;
  readonly counters: CounterStore;
  readonly newId: IdGenerator;
  /** Thompson draws and propensity estimates (the engine's seeded source in tests). */
  readonly random: RandomSource;
  /** Offers placed in earlier scopes of this request. */
  readonly usedAcrossScopes: Set<string>;
  /** Per-offer outcome of status, dates and eligibility (independent of scope): null = passed. */
  readonly gateMemo: Map<number, Drop | null>;
  /** Outcome of criterion rules that read only the request (one evaluation per request). */
  readonly criterionMemo: Map<CompiledCriterion, Drop | null>;
  /** Items still allowed in this request (≤ 100). */
  remainingItems: number;
}
