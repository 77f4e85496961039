import { Environment } from "@marcbachmann/cel-js";

/**
 * The CEL environment every offerkit expression is checked against.
 *
 * Numeric semantics (documented in docs/rules.md): profile and context arrive as JSON, so their
 * numbers are CEL doubles, while literals like `2` are CEL ints. Strict CEL refuses `double * int`;
 * offerkit promotes: when an arithmetic operator mixes int and double, the int becomes a double.
 * So `offer.priority * 2`, `profile.age >= 18` and `profile.ltv > 1000.0` all work as a marketer
 * expects, and int-only arithmetic keeps CEL's int semantics (`7 / 2 == 3`).
 */
export function createCelEnvironment(): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false })
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
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => fn(Number(a), b));
  }
  return env;
}
