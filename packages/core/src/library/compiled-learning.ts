import type { ContactPolicy, ContactPolicyOutcome } from "../model/contact-policy.js";
import type { LibraryBundle } from "../model/library.js";
import type { CompiledExpression } from "../rules/expression.js";
import { DEFAULT_PRIOR, type BetaPrior } from "../learning/bandit-arm.js";
import { DEFAULT_PROPENSITY_DRAWS } from "../learning/thompson-selection.js";

/** What a thompson or arbitration criterion learns with. */
export interface LearnedRankingConfig {
  readonly prior: BetaPrior;
  readonly segmentBy: string | undefined;
  readonly propensityDraws: number;
}

export type CompiledLearnedRanking =
  | { readonly method: "thompson"; readonly learned: LearnedRankingConfig }
  | {
      readonly method: "arbitration";
      readonly learned: LearnedRankingConfig;
      readonly value: CompiledExpression<number> | undefined;
      /** "model": the bandit's draw; otherwise an expression giving the propensity. */
      readonly propensity: "model" | CompiledExpression<number>;
      readonly levers: CompiledExpression<number> | undefined;
    };

export function learnedConfig(ranking: {
  prior?: BetaPrior | undefined;
  segmentBy?: string | undefined;
  propensityDraws?: number | undefined;
}): LearnedRankingConfig {
  return {
    prior: ranking.prior ?? DEFAULT_PRIOR,
    segmentBy: ranking.segmentBy,
    propensityDraws: ranking.propensityDraws ?? DEFAULT_PROPENSITY_DRAWS,
  };
}

export interface CompiledContactPolicy {
  readonly policy: ContactPolicy;
  readonly id: string;
  readonly days: number;
  readonly outcome: ContactPolicyOutcome;
  /** undefined: every placement. */
  readonly placements: ReadonlySet<string> | undefined;
}

/** Library-wide learning state derived at compile time. */
export interface CompiledLearning {
  readonly contactPolicies: readonly CompiledContactPolicy[];
  /** Policies whose target includes the offer (by id or tag). */
  readonly policiesByOffer: ReadonlyMap<string, readonly CompiledContactPolicy[]>;
  /** `offerId \0 placementId` pairs some learned criterion ranks: their events teach the bandit. */
  readonly armPairs: ReadonlySet<string>;
}

export const NO_LEARNING: CompiledLearning = Object.freeze({
  contactPolicies: [],
  policiesByOffer: new Map(),
  armPairs: new Set<string>(),
});

export function armPairKey(offerId: string, placementId: string): string {
  return `${offerId}\u0000${placementId}`;
}

export function compileContactPolicies(
  bundle: Pick<LibraryBundle, "offers"> & { contactPolicies: readonly ContactPolicy[] },
): {
  policies: CompiledContactPolicy[];
  byOffer: Map<string, CompiledContactPolicy[]>;
} {
  const policies = bundle.contactPolicies.map((policy) => ({
    policy,
    id: policy.id,
    days: policy.days,
    outcome: policy.outcome,
    placements: policy.placements === undefined ? undefined : new Set(policy.placements),
  }));
  const byOffer = new Map<string, CompiledContactPolicy[]>();
  const add = (offerId: string, p: CompiledContactPolicy) => {
    const list = byOffer.get(offerId) ?? [];
    list.push(p);
    byOffer.set(offerId, list);
  };
  for (const p of policies) {
    const target = p.policy.target;
    if ("offerId" in target) add(target.offerId, p);
    else
      for (const offer of bundle.offers)
        if (offer.kind !== "fallback" && offer.tags.includes(target.tag)) add(offer.id, p);
  }
  return { policies, byOffer };
}

/** Whether an event of this type (and custom name) in this placement starts the policy's suppression. */
export function policyCountsOutcome(
  p: CompiledContactPolicy,
  type: "display" | "interact" | "custom",
  customName: string | undefined,
  placementId: string,
): boolean {
  if (p.placements !== undefined && !p.placements.has(placementId)) return false;
  if (typeof p.outcome === "string") return p.outcome === type;
  return type === "custom" && p.outcome.custom === customName;
}
