import { Environment } from "@marcbachmann/cel-js";
import { re2Matches } from "./safe-regex.js";

/**
 * Internal name `matches` is rewritten to after parsing (see cel-parse.ts): cel-js's own `matches`
 * uses the backtracking JavaScript RegExp and cannot be replaced, so both runtimes call this RE2
 * overload instead.
 */
export const RE2_MATCHES_FUNCTION = "matches_re2";

/** Parser limits: a backstop against pathological input; offerkit's own guardrails are stricter. */
const PARSER_LIMITS = {
  maxAstNodes: 4_000,
  maxDepth: 100,
  maxListElements: 1_000,
  maxMapEntries: 1_000,
  maxCallArguments: 32,
};

/**
 * The CEL environment every offerkit expression is checked against.
 *
 * Numeric semantics (documented in docs/rules.md): profile and context arrive as JSON, so their
 * numbers are CEL doubles, while literals like `2` are CEL ints. Strict CEL refuses `double * int`;
 * offerkit promotes: when an arithmetic operator mixes int and double, the int becomes a double.
 * So `offer.priority * 2`, `profile.age >= 18` and `profile.ltv > 1000.0` all work as a marketer
 * expects, and int-only arithmetic keeps CEL's int semantics (`7 / 2 == 3`). Ordering comparisons
 * across int and double are numeric (cel-js has those overloads); so is `==` when one side is
 * dynamic (attribute data), while `1 == 1.0` between two literals is a compile-time type error.
 */
export function createCelEnvironment(): Environment {
  const env = new Environment({
    unlistedVariablesAreDyn: false,
    homogeneousAggregateLiterals: false,
    limits: PARSER_LIMITS,
  })
    .registerVariable("profile", "dyn")
    .registerVariable("context", "dyn")
    .registerVariable("offer", "dyn")
    .registerVariable("now", "google.protobuf.Timestamp");
  const ops: Record<string, (a: number, b: number) => number> = {
    "+": (a, b) => a + b,
    "-": (a, b) => a - b,
    "*": (a, b) => a * b,
    "/": (a, b) => a / b,
  };
  for (const [op, fn] of Object.entries(ops)) {
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => fn(a, Number(b)));
    // The result type must be declared: cel-js would otherwise type `int op double` as int.
    env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => fn(Number(a), b));
  }
  env.registerFunction(
    `string.${RE2_MATCHES_FUNCTION}(string): bool`,
    (text: string, pattern: string) => re2Matches(text, pattern),
  );
  return env;
}
