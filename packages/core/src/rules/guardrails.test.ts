import { describe, expect, it } from "vitest";
import { CelCompiler } from "./cel-compiler.js";
import { CelInterpreter } from "./cel-interpreter.js";
import type { FrameInput, OfferView, RuleRuntime } from "./expression.js";
import { RULE_LIMITS } from "./limits.js";

const NOW = new Date("2024-06-01T12:00:00Z");
const runtimes: [
  string,
  () => RuleRuntime & { compileValue(s: string): ReturnType<CelCompiler["compileValue"]> },
][] = [
  ["CelCompiler", () => new CelCompiler()],
  ["CelInterpreter", () => new CelInterpreter()],
];

class HostObject {
  secret = "s3cr3t";
  leak(): string {
    return this.secret;
  }
}

const hostileProfile = Object.assign(
  JSON.parse(
    '{"__proto__": {"polluted": true}, "s": "aaaa", "tags": ["a"], "m": {"k": 1}}',
  ) as Record<string, unknown>,
  {
    fn: () => "called",
    host: new HostObject(),
  },
);
const offer: OfferView = { id: "o", priority: 1, tags: [], attributes: {} };
const input: FrameInput = { profile: hostileProfile, context: {}, now: NOW };

/** Expressions that try to reach prototypes, functions or host objects. */
const HOSTILE = [
  "profile.constructor",
  "profile.constructor.constructor",
  "profile['constructor']['constructor']('return process')",
  "profile.toString",
  "profile.hasOwnProperty",
  "profile.__proto__.polluted",
  "profile['__proto__']['polluted']",
  "profile.m.__proto__",
  "profile.m.constructor.prototype",
  "profile.tags.length",
  "profile.tags.push",
  "profile.tags['constructor']",
  "profile.s.length",
  "profile.s.constructor",
  "offer.id.constructor",
  "offer.tags.constructor",
  "now.getTime",
  "now.constructor",
  "profile.fn",
  "profile.fn.call",
  "profile.host",
  "profile.host.secret",
  "profile.host.leak",
  "{}.constructor",
  "[].constructor",
  "{'__proto__': 1}['__proto__']",
  "has(profile.toString)",
  "has(profile.constructor)",
  "has(profile.m.constructor)",
  "'toString' in profile",
  "'constructor' in profile.m",
  "profile.m.exists(k, k == 'constructor')",
  "size(profile.m)",
  "dyn(profile).valueOf",
];

function isHostThing(v: unknown): boolean {
  return (
    typeof v === "function" ||
    v === Object.prototype ||
    v === Array.prototype ||
    v === Function.prototype ||
    v instanceof HostObject ||
    (typeof v === "object" &&
      v !== null &&
      Object.getPrototypeOf(v) !== Object.prototype &&
      Object.getPrototypeOf(v) !== Array.prototype &&
      Object.getPrototypeOf(v) !== null &&
      !(v instanceof Date) &&
      !(v instanceof Map))
  );
}

describe.each(runtimes)("%s on hostile expressions", (_name, make) => {
  const rt = make();
  const frame = rt.createFrame(input);

  it.each(HOSTILE)("%s never yields a function, a prototype or a host object", (source) => {
    const compiled = rt.compileValue(source);
    if (!compiled.ok) return; // refused at compile time: fine
    const r = compiled.expression.evaluateValue(frame, offer);
    if (r.ok) expect(isHostThing(r.value)).toBe(false);
  });

  it("reads JSON __proto__ keys as the data they are, without polluting anything", () => {
    const r = rt.compileValue("profile['__proto__'].polluted");
    expect(r.ok && r.expression.evaluateValue(frame, offer)).toEqual({ ok: true, value: true });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    const missing = rt.compileValue("profile.__proto__");
    const empty = rt.createFrame({ profile: {}, context: {}, now: NOW });
    expect(missing.ok && missing.expression.evaluateValue(empty, offer).ok).toBe(false);
  });

  it("runs matches on RE2: catastrophic patterns stay linear, backreferences are refused", () => {
    const long = { profile: { s: `${"a".repeat(50_000)}!`, p: "(a+)+$" }, context: {}, now: NOW };
    const f = rt.createFrame(long);
    const literal = rt.compileBool("profile.s.matches('(a+)+$')");
    expect(literal.ok && literal.expression.evaluate(f)).toEqual({ ok: true, value: false });
    const dynamic = rt.compileBool("profile.s.matches(profile.p)");
    expect(dynamic.ok && dynamic.expression.evaluate(f)).toEqual({ ok: true, value: false });
    const backref = rt.compileBool("profile.s.matches('(a)\\\\1')");
    expect(backref.ok).toBe(false);
    if (!backref.ok) expect(backref.problems[0]?.message).toMatch(/regular expression/);
    const badDynamic = rt.compileBool("profile.s.matches(profile.p)");
    const g = rt.createFrame({ profile: { s: "a", p: "(?<=a)b" }, context: {}, now: NOW });
    expect(badDynamic.ok && badDynamic.expression.evaluate(g).ok).toBe(false);
  });
});

describe.each(runtimes)("%s guardrails", (_name, make) => {
  const rt = make();
  const problemOf = (source: string) => {
    const r = rt.compileBool(source);
    return r.ok ? undefined : r.problems[0];
  };

  it("limits source length", () => {
    const ok = `profile.s == '${"x".repeat(RULE_LIMITS.maxSourceLength - 20)}'`;
    expect(ok.length).toBeLessThanOrEqual(RULE_LIMITS.maxSourceLength);
    expect(problemOf(ok)).toBeUndefined();
    const tooLong = `profile.s == '${"x".repeat(RULE_LIMITS.maxSourceLength)}'`;
    expect(problemOf(tooLong)?.message).toMatch(/characters long; the limit is 15000/);
  });

  it("limits nesting depth, counting && / || chains as one level", () => {
    const nested = (n: number) => `${"(".repeat(n)}profile.a${" + 1)".repeat(n)} > 0`;
    expect(problemOf(nested(20))).toBeUndefined();
    const deep = problemOf(nested(40));
    expect(deep?.message).toMatch(/nests deeper than 30/);
    expect(deep?.span).toBeDefined();
    const chain = Array.from({ length: 300 }, (_, i) => `profile.a${i % 40} == ${i}`).join(" && ");
    expect(problemOf(chain)).toBeUndefined();
    expect(problemOf(`${"!".repeat(5_000)}true`)?.message).toBeDefined();
    expect(problemOf(`${"1 + ".repeat(3_000)}1 > 0`)?.message).toBeDefined();
  });

  it("limits distinct attribute paths per expression", () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => `profile.attr${i} == 1`).join(" || ");
    expect(problemOf(many(RULE_LIMITS.maxAttributePaths))).toBeUndefined();
    const p = problemOf(many(RULE_LIMITS.maxAttributePaths + 1));
    expect(p?.message).toMatch(/reads 51 distinct attributes; the limit is 50/);
    expect(p?.span?.start).toBeGreaterThan(0);
    // Reading the same path many times is one attribute.
    expect(
      problemOf(Array.from({ length: 200 }, () => "profile.age > 1").join(" && ")),
    ).toBeUndefined();
  });

  it("limits syntax nodes", () => {
    const big = Array.from({ length: 700 }, (_, i) => `profile.a == ${i}`).join(" || ");
    expect(problemOf(big)?.message).toMatch(/syntax nodes; the limit is 2000/);
  });

  it("gives parse and type errors a span", () => {
    const p = problemOf("profile.age >= && true");
    expect(p?.span?.start).toBe(15);
    expect(problemOf("1 + 'a' == 2")?.message).toMatch(/no such overload/);
  });
});
