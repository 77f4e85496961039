import { z } from "zod";
import { Id, Meta } from "./common.js";

/** Guardrail: a rule or formula source may not exceed this many characters. */
export const MAX_EXPRESSION_LENGTH = 15_000;

export const Expression = z.string().min(1).max(MAX_EXPRESSION_LENGTH);

/** A named, reusable CEL boolean expression over profile, context (and offer, now). */
export const Rule = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  expression: Expression,
  ...Meta,
});
export type Rule = z.infer<typeof Rule>;

/** A named CEL numeric expression over offer, profile, context, now. */
export const RankingFormula = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  expression: Expression,
  ...Meta,
});
export type RankingFormula = z.infer<typeof RankingFormula>;

/** Where an object needs a rule: a reference to a library rule, or an inline expression. */
export const RuleRef = z.union([
  z.object({ ruleId: Id }).strict(),
  z.object({ expression: Expression }).strict(),
]);
export type RuleRef = z.infer<typeof RuleRef>;
