import type { CapCheckMemo } from "../caps/cap-check-memo.js";
import type { CapRule } from "../model/cap-rule.js";
import type { Decision } from "../model/decision.js";
import type { Offer } from "../model/offer.js";
import type { Placement } from "../model/placement.js";
import type { Representation } from "../model/representation.js";
import type { LibraryBundle } from "../model/library.js";
import type { CompiledExpression, OfferView, RuleRuntime } from "../rules/expression.js";
import type { EligibilityIndex } from "./eligibility-index.js";
import type { OrderedMembers } from "./ranking-plan.js";
import type { CompiledLearnedRanking, CompiledLearning } from "./compiled-learning.js";

/** An offer prepared for the hot path: dates as epoch ms, rules compiled, content by placement. */
export interface CompiledOffer {
  /** Position in CompiledLibrary.offers; used for per-request memo arrays. */
  readonly index: number;
  readonly id: string;
  readonly offer: Offer;
  readonly isFallback: boolean;
  readonly approved: boolean;
  readonly startMs: number | undefined;
  readonly endMs: number | undefined;
  readonly priority: number;
  readonly view: OfferView;
  /** Representations by placement id (several when they differ by language). */
  readonly representations: ReadonlyMap<string, readonly Representation[]>;
  readonly eligibility: CompiledExpression<boolean> | undefined;
  readonly caps: readonly CapRule[];
  /** One per cap, in the same order: the cap's counter keys, remembered between requests. */
  readonly capChecks: readonly CapCheckMemo[];
  /** Caps counted on the decision event: reserved at decide time. */
  readonly decisionCaps: readonly CapRule[];
}

export type CompiledRanking =
  | { readonly method: "priority" }
  | { readonly method: "formula"; readonly formula: CompiledExpression<number> }
  | CompiledLearnedRanking;

export interface CompiledCriterion {
  readonly index: number;
  readonly collectionId: string;
  /** Collection members (personalized offers only), in a stable order. */
  readonly members: readonly CompiledOffer[];
  readonly rule: CompiledExpression<boolean> | undefined;
  /** false when the rule reads only the request: it is then evaluated once per request, not per member. */
  readonly ruleReadsOffer: boolean;
  readonly ranking: CompiledRanking;
  /** Which members' eligibility may pass for a profile (predicate index over their rules). */
  readonly eligibilityIndex: EligibilityIndex;
  /** Members pre-sorted best-first when the ranking allows an exact early stop (see ranking-plan.ts). */
  readonly ordered: OrderedMembers | undefined;
}

export interface CompiledGroup {
  readonly criteria: readonly CompiledCriterion[];
}

export interface CompiledScope {
  readonly placement: Placement;
  readonly groups: readonly CompiledGroup[];
}

export interface CompiledDecision {
  readonly decision: Decision;
  readonly startMs: number | undefined;
  readonly endMs: number | undefined;
  readonly scopes: ReadonlyMap<string, CompiledScope>;
  readonly fallback: CompiledOffer;
}

/** An immutable, validated, compiled Offer Library version: what the engine decides against. */
export interface CompiledLibrary {
  readonly version: number;
  readonly bundle: LibraryBundle;
  readonly runtime: RuleRuntime;
  readonly offers: readonly CompiledOffer[];
  readonly offersById: ReadonlyMap<string, CompiledOffer>;
  readonly placements: ReadonlyMap<string, Placement>;
  readonly decisions: ReadonlyMap<string, CompiledDecision>;
  /** Contact policies and the bandit arms events teach (compiled-learning.ts). */
  readonly learning: CompiledLearning;
}
