import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CelCompiler } from "./cel-compiler.js";
import { attributeValue, extractIndexablePredicates, predicateHolds } from "./predicates.js";

describe("extractIndexablePredicates", () => {
  it("captures equality, membership, containment and ranges of a conjunction", () => {
    const r = extractIndexablePredicates(
      "profile.plan == 'gold' && 'FR' == profile.address.country && profile.device.os in ['ios', 'android'] && 'sports' in profile.interests && profile.segments.exists(s, s == 'vip') && profile.age >= 18 && 1000 > profile.ltv && (context.channel == 'web' || context.channel == 'app')",
    );
    expect(r.complete).toBe(true);
    expect(r.predicates.map(({ source: _s, ...p }) => p)).toEqual([
      { root: "profile", path: ["plan"], kind: "eq", values: ["gold"] },
      { root: "profile", path: ["address", "country"], kind: "eq", values: ["FR"] },
      { root: "profile", path: ["device", "os"], kind: "in", values: ["ios", "android"] },
      { root: "profile", path: ["interests"], kind: "contains", values: ["sports"] },
      { root: "profile", path: ["segments"], kind: "contains", values: ["vip"] },
      {
        root: "profile",
        path: ["age"],
        kind: "range",
        bounds: { lower: { value: 18, inclusive: true } },
      },
      {
        root: "profile",
        path: ["ltv"],
        kind: "range",
        bounds: { upper: { value: 1000, inclusive: false } },
      },
      { root: "context", path: ["channel"], kind: "in", values: ["web", "app"] },
    ]);
  });

  it("leaves other conjuncts to evaluation and says the rule is not fully captured", () => {
    const r = extractIndexablePredicates(
      "profile.age > -5 && profile.plan != 'free' && size(profile.tags) > 2 && (profile.a == 1 || profile.b == 2)",
    );
    expect(r.complete).toBe(false);
    expect(r.predicates).toHaveLength(1);
    expect(r.predicates[0]).toMatchObject({
      kind: "range",
      bounds: { lower: { value: -5, inclusive: false } },
    });
    expect(extractIndexablePredicates("profile.age >=").complete).toBe(false);
    expect(extractIndexablePredicates("profile.x == 9223372036854775807").predicates).toEqual([]);
  });

  // Soundness: whenever a predicate does not hold for a profile, the rule is not true.
  it("never excludes a profile for which the rule is true (property)", () => {
    const compiler = new CelCompiler();
    const value = fc.oneof(
      fc.constantFrom("a", "b", "gold", 1, 2, 18, 18.5, true, null),
      fc.array(fc.constantFrom("a", "b", 1, 2), { maxLength: 3 }),
    );
    const profileArb = fc.dictionary(fc.constantFrom("x", "y", "z"), value, { maxKeys: 3 });
    const conjunct = fc.oneof(
      fc
        .tuple(
          fc.constantFrom("x", "y"),
          fc.constantFrom("'a'", "'gold'", "1", "2.0", "18", "true", "null"),
        )
        .map(([k, c]) => `profile.${k} == ${c}`),
      fc
        .tuple(fc.constantFrom("x", "y"), fc.constantFrom("['a', 'b']", "[1, 2]", "[18.0]"))
        .map(([k, l]) => `profile.${k} in ${l}`),
      fc
        .tuple(fc.constantFrom("'a'", "1", "2.0"), fc.constantFrom("x", "z"))
        .map(([c, k]) => `${c} in profile.${k}`),
      fc
        .tuple(fc.constantFrom("x", "z"), fc.constantFrom("'b'", "2"))
        .map(([k, c]) => `profile.${k}.exists(e, e == ${c})`),
      fc
        .tuple(
          fc.constantFrom("x", "y"),
          fc.constantFrom("<", "<=", ">", ">="),
          fc.constantFrom("1", "18", "18.5", "-1"),
        )
        .map(([k, op, c]) => `profile.${k} ${op} ${c}`),
      fc
        .tuple(fc.constantFrom("x", "y"), fc.constantFrom("'a'", "1"), fc.constantFrom("'b'", "2"))
        .map(([k, a, b]) => `(profile.${k} == ${a} || profile.${k} == ${b})`),
      fc.constantFrom("has(profile.z)", "profile.z != 'a'"),
    );
    fc.assert(
      fc.property(
        fc.array(conjunct, { minLength: 1, maxLength: 4 }),
        fc.array(profileArb, { minLength: 5, maxLength: 5 }),
        (parts, profiles) => {
          const source = parts.join(" && ");
          const compiled = compiler.compileBool(source);
          if (!compiled.ok) return;
          const { predicates, complete } = extractIndexablePredicates(source);
          for (const profile of profiles) {
            const frameInput = { profile, context: {}, now: new Date(0) };
            const outcome = compiled.expression.evaluate(compiler.createFrame(frameInput));
            const ruleTrue = outcome.ok && outcome.value;
            const allHold = predicates.every((p) =>
              predicateHolds(p, attributeValue(frameInput, p.root, p.path)),
            );
            if (ruleTrue) expect(allHold, `${source} on ${JSON.stringify(profile)}`).toBe(true);
            // Without `exists`/`in` over maps, captured rules are exactly their predicates.
            if (complete && !source.includes("exists") && !/ in profile/.test(source))
              expect(ruleTrue).toBe(allHold);
          }
        },
      ),
      { numRuns: 1_500, seed: 7 },
    );
  });
});
