/**
 * Compile-time guardrails applied to every rule and formula, in both runtimes. They bound the work
 * one expression can cause (parse, check, compile, evaluate) and the stack depth it needs.
 */
export const RULE_LIMITS = Object.freeze({
  /** Characters of CEL source. */
  maxSourceLength: 15_000,
  /** Nesting depth of the syntax tree; a chain `a && b && c` (or `||`) counts as one level. */
  maxNestingDepth: 30,
  /** Distinct `profile.…` / `context.…` attribute paths one expression may read. */
  maxAttributePaths: 50,
  /** Syntax tree nodes (literals, names, operators, calls). */
  maxAstNodes: 2_000,
});

export type RuleLimits = typeof RULE_LIMITS;
