import { CelInterpreter } from "../rules/cel-interpreter.js";
import type { RuleRuntime } from "../rules/expression.js";

let shared: RuleRuntime | undefined;

/** The rule runtime used when none is given (one per process: compiled expressions can be shared). */
export function defaultRuleRuntime(): RuleRuntime {
  shared ??= new CelInterpreter();
  return shared;
}
