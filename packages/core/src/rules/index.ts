export * from "./expression.js";
export { CelInterpreter } from "./cel-interpreter.js";
export { CelCompiler } from "./cel-compiler.js";
export { createCelEnvironment } from "./cel-environment.js";
export { RULE_LIMITS, type RuleLimits } from "./limits.js";
export {
  attributeValue,
  extractIndexablePredicates,
  predicateHolds,
  type ExtractedPredicates,
  type IndexablePredicate,
  type IndexValue,
  type RangeBound,
} from "./predicates.js";
