import fc from "fast-check";
import { Duration } from "@marcbachmann/cel-js/evaluator";
import { describe, expect, it } from "vitest";
import { CelCompiler } from "./cel-compiler.js";
import { CelInterpreter } from "./cel-interpreter.js";
import type { EvalOutcome, FrameInput, OfferView } from "./expression.js";

/**
 * Differential test: generated expressions x generated profiles, evaluated by the compiled closures
 * and by cel-js's own evaluator (CelInterpreter), must give the same value (same CEL type: int vs
 * double matters) or both an error.
 */

const KEYS = ["a", "b", "n", "s", "l", "m"] as const;
const leaf = fc.oneof(
  fc.integer({ min: -3, max: 20 }),
  fc.constantFrom(0.5, 1.5, -2.25, 1e300, 1000.0),
  fc.constantFrom("a", "b", "", "ab", "A1"),
  fc.boolean(),
  fc.constant(null),
);
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS, "__proto__", "constructor"), tie("v"), { maxKeys: 3 }),
  ),
})).v;
const record = fc.dictionary(fc.constantFrom(...KEYS, "__proto__", "constructor"), jsonValue, {
  minKeys: 3,
  maxKeys: 6,
});
/** JSON round trip: "__proto__" keys become own data properties, as in parsed request bodies. */
const profileArb = record.map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>);

type Sort = "bool" | "num" | "str" | "list" | "any";

/**
 * Sort-directed generator: mostly well-typed (so cel-js's checker accepts it), while attribute
 * paths are `dyn` and can hold anything at runtime — that is where int/double mixes, missing keys,
 * nulls and wrong types meet the operators.
 */
function exprArb(vars: readonly string[]): Record<Sort, fc.Arbitrary<string>> {
  const key = fc.constantFrom(...KEYS);
  const path = fc.oneof(
    key.map((k) => `profile.${k}`),
    fc.tuple(key, key).map(([a, b]) => `profile.${a}.${b}`),
    key.map((k) => `profile['${k}']`),
    key.map((k) => `context.${k}`),
    fc.constantFrom(
      "offer.priority",
      "offer.tags",
      "offer.attributes.a",
      "offer.id",
      "offer.startDate",
    ),
    ...(vars.length > 0 ? [fc.constantFrom(...vars)] : []),
  );
  const lit: Record<Exclude<Sort, "any">, fc.Arbitrary<string>> = {
    bool: fc.constantFrom("true", "false"),
    num: fc.constantFrom(
      "0",
      "1",
      "2",
      "-1",
      "18",
      "9223372036854775807",
      "1.5",
      "2.0",
      "0.0",
      "1e300",
    ),
    str: fc.constantFrom("'a'", "'b'", "''", "'ab'"),
    list: fc.constantFrom("[]", "[1, 2]", "['a', 'b']", "[1.0, 'a', null]", "[[1]]"),
  };
  const tree = fc.letrec<Record<Sort, string>>((tie) => {
    const any = tie("any");
    const of = (sort: Exclude<Sort, "any">, ...rest: fc.Arbitrary<string>[]) =>
      fc.oneof({ depthSize: "small", maxDepth: 4 }, fc.oneof(lit[sort], path), ...rest);
    return {
      any: fc.oneof(
        { depthSize: "small", maxDepth: 4 },
        path,
        path,
        tie("bool"),
        tie("num"),
        tie("str"),
        tie("list"),
        fc.tuple(fc.constantFrom("'a'", "'n'", "1"), any).map(([k, v]) => `{${k}: ${v}}`),
      ),
      bool: of(
        "bool",
        fc
          .tuple(tie("num"), fc.constantFrom("==", "!=", "<", "<=", ">", ">="), tie("num"))
          .map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc
          .tuple(tie("str"), fc.constantFrom("==", "<", ">="), tie("str"))
          .map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(any, fc.constantFrom("==", "!="), any).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc
          .tuple(tie("bool"), fc.constantFrom("&&", "||"), tie("bool"))
          .map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc
          .tuple(tie("bool"), tie("bool"), tie("bool"))
          .map(([a, b, c]) => `(${a} && ${b} || ${c})`),
        tie("bool").map((a) => `(!${a})`),
        fc.tuple(any, tie("list")).map(([a, l]) => `(${a} in ${l})`),
        fc.tuple(tie("str"), path).map(([k, m]) => `(${k} in ${m})`),
        fc.tuple(key, key).map(([a, b]) => `has(profile.${a}.${b})`),
        key.map((a) => `has(profile.${a})`),
        fc
          .tuple(tie("str"), fc.constantFrom("startsWith", "endsWith", "contains"), tie("str"))
          .map(([a, f, b]) => `${a}.${f}(${b})`),
        fc
          .tuple(tie("str"), fc.constantFrom("'a+'", "'^b'", "'[0-9]'", "'(a|b)+$'"))
          .map(([a, p]) => `${a}.matches(${p})`),
        fc.tuple(tie("bool"), tie("bool"), tie("bool")).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
      ),
      num: of(
        "num",
        fc
          .tuple(tie("num"), fc.constantFrom("+", "-", "*", "/", "%"), tie("num"))
          .map(([a, op, b]) => `(${a} ${op} ${b})`),
        tie("num").map((a) => `(-${a})`),
        fc.oneof(tie("list"), tie("str"), path).map((a) => `size(${a})`),
        fc.tuple(fc.constantFrom("int", "double"), tie("num")).map(([f, a]) => `${f}(${a})`),
        fc.tuple(tie("bool"), tie("num"), path).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
        fc
          .tuple(tie("list"), fc.oneof(fc.constantFrom("0", "1", "-1", "2"), path))
          .map(([l, i]) => `${l}[${i}]`),
      ),
      str: of(
        "str",
        fc.tuple(tie("str"), tie("str")).map(([a, b]) => `(${a} + ${b})`),
        tie("num").map((a) => `string(${a})`),
        fc.tuple(path, tie("str")).map(([m, k]) => `${m}[${k}]`),
      ),
      list: of(
        "list",
        fc.tuple(any, any).map(([a, b]) => `[${a}, ${b}]`),
        fc.tuple(tie("list"), tie("list")).map(([a, b]) => `(${a} + ${b})`),
        fc
          .tuple(tie("list"), fc.constantFrom("filter(y, has(profile.a) || y == y)", "map(y, [y])"))
          .map(([l, m]) => `${l}.${m}`),
      ),
    };
  });
  return tree;
}

const outer = exprArb([]);
const inner = exprArb(["x"]);
const baseExpr = fc.oneof(outer.bool, outer.bool, outer.num, outer.any);
const comprehension = fc
  .tuple(fc.constantFrom("exists", "all", "exists_one", "filter"), outer.list, inner.bool)
  .map(([m, coll, body]) => `${coll}.${m}(x, ${body})`);
const mapping = fc.tuple(outer.list, inner.any).map(([coll, body]) => `${coll}.map(x, ${body})`);
const expression = fc.oneof(
  { weight: 6, arbitrary: baseExpr },
  { weight: 2, arbitrary: comprehension },
  { weight: 1, arbitrary: mapping },
);

function normalize(o: EvalOutcome<unknown>): unknown {
  return o.ok ? plain(o.value) : "<error>";
}

function plain(v: unknown): unknown {
  if (typeof v === "bigint") return `int:${v}`;
  if (typeof v === "number")
    return Number.isNaN(v) ? "double:NaN" : `double:${Object.is(v, -0) ? "-0" : v}`;
  if (v instanceof Date) return `ts:${v.getTime()}`;
  if (v instanceof Duration) return `dur:${v.seconds}:${v.nanos}`;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map)
    return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), plain(x)]));
  if (typeof v === "object" && v !== null)
    return Object.fromEntries(
      Object.keys(v).map((k) => [k, plain((v as Record<string, unknown>)[k])]),
    );
  return v;
}

const offer: OfferView = {
  id: "o1",
  priority: 3,
  tags: ["a", "x"],
  attributes: { a: 1 },
  startDate: new Date("2024-01-01T00:00:00Z"),
};

describe("compiled CEL agrees with the cel-js evaluator", () => {
  it("on 10,000+ generated expressions x profiles", () => {
    const compiler = new CelCompiler();
    const interpreter = new CelInterpreter();
    let expressions = 0;
    let compared = 0;
    let valued = 0;
    fc.assert(
      fc.property(
        expression,
        fc.array(fc.tuple(profileArb, profileArb), { minLength: 2, maxLength: 2 }),
        (source, inputs) => {
          const c = compiler.compileValue(source);
          const i = interpreter.compileValue(source);
          expect(c.ok).toBe(i.ok);
          if (!c.ok || !i.ok) return;
          expressions++;
          for (const [profile, context] of inputs) {
            const input: FrameInput = { profile, context, now: new Date("2024-06-01T12:00:00Z") };
            const got = normalize(c.expression.evaluateValue(compiler.createFrame(input), offer));
            const want = normalize(
              i.expression.evaluateValue(interpreter.createFrame(input), offer),
            );
            if (JSON.stringify(got) !== JSON.stringify(want)) {
              expect(
                got,
                `${source} with ${JSON.stringify(profile)} / ${JSON.stringify(context)}`,
              ).toEqual(want);
            }
            compared++;
            if (want !== "<error>") valued++;
          }
        },
      ),
      { numRuns: 12_500, seed: 20240601, endOnFailure: true },
    );
    // The corpus must exercise values, not only errors.
    expect(expressions).toBeGreaterThanOrEqual(10_000);
    expect(valued / compared).toBeGreaterThan(0.2);
  }, 120_000);
});
