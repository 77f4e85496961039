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
  "dedup",
  "item-count",
  "selected",
]);
export type TraceStage = z.infer<typeof TraceStage>;

export const ScoreParts = z.object({
  method: z.enum(["priority", "formula"]),
  priority: z.number(),
  formula: z.number().optional(),
  /** Which criterion of the group gave the kept (highest) score. */
  criterionIndex: z.int(),
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
  score: z.number().optional(),
  scoreParts: ScoreParts.optional(),
});
export type TraceCandidate = z.infer<typeof TraceCandidate>;

export const ScopeTrace = z.object({
  decisionId: z.string(),
  placementId: z.string(),
  candidates: z.array(TraceCandidate),
  outcome: z.enum(["items", "fallback", "error"]),
});
export type ScopeTrace = z.infer<typeof ScopeTrace>;

export const DecisionTrace = z.object({ libraryVersion: z.int(), now: z.string(), scopes: z.array(ScopeTrace) });
export type DecisionTrace = z.infer<typeof DecisionTrace>;
