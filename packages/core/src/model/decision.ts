import { z } from "zod";
import { DateTime, Id, Meta } from "./common.js";
import { Expression, RuleRef } from "./rule.js";
import { ArbitrationRanking, Holdout, ThompsonRanking } from "./learned-ranking.js";

/**
 * priority: the offer's priority; formula: a library formula by id, or an inline expression;
 * thompson / arbitration: learned online from events (see learned-ranking.ts, docs/learning.md).
 */
export const Ranking = z.union([
  z.object({ method: z.literal("priority") }).strict(),
  z.object({ method: z.literal("formula"), formulaId: Id }).strict(),
  z.object({ method: z.literal("formula"), expression: Expression }).strict(),
  ThompsonRanking,
  ArbitrationRanking,
]);
export type Ranking = z.infer<typeof Ranking>;

/** Collection + optional extra rule + ranking method. */
export const Criterion = z
  .object({
    collectionId: Id,
    rule: RuleRef.optional(),
    ranking: Ranking.default({ method: "priority" }),
  })
  .strict();
export type Criterion = z.infer<typeof Criterion>;

/** Criteria of one group are pooled and ranked together; groups are walked in order. */
export const CriteriaGroup = z.object({ criteria: z.array(Criterion).min(1).max(30) }).strict();
export type CriteriaGroup = z.infer<typeof CriteriaGroup>;

/** One placement inside one decision. */
export const DecisionScope = z
  .object({ placementId: Id, groups: z.array(CriteriaGroup).min(1).max(30) })
  .strict();
export type DecisionScope = z.infer<typeof DecisionScope>;

export const DecisionStatus = z.enum(["draft", "live", "complete", "archived"]);
export type DecisionStatus = z.infer<typeof DecisionStatus>;

/** The container invoked at request time (Adobe: "offer activity"). */
export const Decision = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  status: DecisionStatus.default("draft"),
  startDate: DateTime.optional(),
  endDate: DateTime.optional(),
  scopes: z.array(DecisionScope).min(1).max(30),
  /** Returned for a scope when nothing qualifies; must represent every placement of the decision. */
  fallbackOfferId: Id,
  /** Hold out a stable share of profiles: they get the fallback (or nothing), logged as holdout. */
  holdout: Holdout.optional(),
  ...Meta,
});
export type Decision = z.infer<typeof Decision>;
export type DecisionInput = z.input<typeof Decision>;
