import { z } from "zod";

/** The stage of the pipeline at which a candidate left (or "selected"). */
export const TraceStage = z.enum([
  "status",
  "dates",
  "placement",
  "eligibility",
  "rule-error",
  "criterion-rule",
  "cap",
  "suppressed",
  "dedup",
  "item-count",
  "selected",
]);
export type TraceStage = z.infer<typeof TraceStage>;

export const ScoreParts = z.object({
  method: z.enum(["priority", "formula", "thompson", "arbitration"]),
  priority: z.number(),
  formula: z.number().optional(),
  /** Which criterion of the group gave the kept (highest) score. */
  criterionIndex: z.int(),
  /** Arbitration: value and levers; thompson / arbitration: the click propensity used (a draw of θ, or the expression). */
  value: z.number().optional(),
  levers: z.number().optional(),
  clickPropensity: z.number().optional(),
  /** The bandit arm behind a learned score: its counts and posterior. */
  arm: z
    .object({
      displays: z.number(),
      interactions: z.number(),
      alpha: z.number(),
      beta: z.number(),
      segment: z.string().optional(),
    })
    .optional(),
  /** Placed items: the probability that the policy chooses this item (off-policy evaluation). */
  propensity: z.number().optional(),
});
export type ScoreParts = z.infer<typeof ScoreParts>;

export const TraceCandidate = z.object({
  offerId: z.string(),
  groupIndex: z.int(),
  /** Criteria of the group that reached this offer. */
  criteria: z.array(z.int()),
  stage: TraceStage,
  reason: z.string(),
  /** The failing sub-expression for eligibility / criterion-rule / rule-error. */
  expression: z.string().optional(),
  cap: z.object({ capId: z.string(), count: z.number(), limit: z.number() }).optional(),
  /** The contact policy that suppressed the offer. */
  contactPolicy: z.string().optional(),
  score: z.number().optional(),
  scoreParts: ScoreParts.optional(),
});
export type TraceCandidate = z.infer<typeof TraceCandidate>;

export const ScopeTrace = z.object({
  decisionId: z.string(),
  placementId: z.string(),
  candidates: z.array(TraceCandidate),
  outcome: z.enum(["items", "fallback", "holdout", "error"]),
});
export type ScopeTrace = z.infer<typeof ScopeTrace>;

export const DecisionTrace = z.object({
  libraryVersion: z.int(),
  now: z.string(),
  scopes: z.array(ScopeTrace),
});
export type DecisionTrace = z.infer<typeof DecisionTrace>;
