import { CelCompiler } from "../rules/cel-compiler.js";
import type { RuleRuntime } from "../rules/expression.js";

/** The rule runtime a library version is compiled with when none is given: a fresh CEL compiler. */
export function newRuleRuntime(): RuleRuntime {
  return new CelCompiler();
}
