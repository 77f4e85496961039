import { CelCompiler } from "../rules/cel-compiler.js";
import type { RuleRuntime } from "../rules/expression.js";

let shared: RuleRuntime | undefined;

/** The rule runtime used when none is given (one per process: compiled expressions can be shared). */
export function defaultRuleRuntime(): RuleRuntime {
  shared ??= new CelCompiler();
  return shared;
}
