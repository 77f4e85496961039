import { describe, expect, it } from "vitest";
import { CelCompiler } from "./cel-compiler.js";
import { CelInterpreter } from "./cel-interpreter.js";
import type { CompiledExpression, FrameInput, OfferView, RuleRuntime } from "./expression.js";

const NOW = new Date("2024-06-01T12:00:00Z");
const offer: OfferView = {
  id: "summer-10",
  priority: 3,
  tags: ["summer", "web"],
  attributes: { discount: 10, category: "shoes" },
  startDate: new Date("2024-05-01T00:00:00Z"),
  endDate: new Date("2024-07-01T00:00:00Z"),
};
const profile = {
  age: 34,
  ltv: 1500.5,
  plan: "gold",
  interests: ["running", "yoga"],
  loyalty: { tier: "silver", points: 1200 },
  address: { country: "FR" },
};
const input: FrameInput = { profile, context: { channel: "web", hour: 9 }, now: NOW };

function bool(runtime: RuleRuntime, source: string): CompiledExpression<boolean> {
  const r = runtime.compileBool(source);
  if (!r.ok) throw new Error(`${source}: ${JSON.stringify(r.problems)}`);
  return r.expression;
}
function num(runtime: RuleRuntime, source: string): CompiledExpression<number> {
  const r = runtime.compileNumber(source);
  if (!r.ok) throw new Error(`${source}: ${JSON.stringify(r.problems)}`);
  return r.expression;
}

describe.each([
  ["CelCompiler", () => new CelCompiler()],
  ["CelInterpreter", () => new CelInterpreter()],
])("%s", (_name, make) => {
  const rt = make();
  const frame = rt.createFrame(input);
  const isTrue = (s: string) => bool(rt, s).evaluate(frame, offer);

  it("evaluates marketer rules without overload errors across int and double", () => {
    expect(isTrue("profile.age >= 18")).toEqual({ ok: true, value: true });
    expect(isTrue("profile.ltv > 1000")).toEqual({ ok: true, value: true });
    expect(isTrue("profile.age == 34")).toEqual({ ok: true, value: true });
    expect(isTrue("profile.age in [33, 34]")).toEqual({ ok: true, value: true });
    expect(num(rt, "offer.priority * 2").evaluate(frame, offer)).toEqual({ ok: true, value: 6 });
    expect(
      num(rt, "offer.priority * 2 + (profile.ltv > 1000.0 ? 10.0 : 0.0)").evaluate(frame, offer),
    ).toEqual({ ok: true, value: 16 });
    expect(num(rt, "7 / 2").evaluate(frame, offer)).toEqual({ ok: true, value: 3 });
    expect(num(rt, "7 / 2.0").evaluate(frame, offer)).toEqual({ ok: true, value: 3.5 });
  });

  it("follows CEL's error-absorbing && and ||", () => {
    expect(isTrue("false && profile.missing")).toEqual({ ok: true, value: false });
    expect(isTrue("profile.missing && false")).toEqual({ ok: true, value: false });
    expect(isTrue("true || profile.missing")).toEqual({ ok: true, value: true });
    expect(isTrue("profile.missing || true")).toEqual({ ok: true, value: true });
    expect(isTrue("profile.missing || false").ok).toBe(false);
    expect(isTrue("profile.missing && true").ok).toBe(false);
  });

  it("reports int overflow and division by zero as errors", () => {
    expect(num(rt, "9223372036854775807 + size(profile.plan)").evaluate(frame, offer).ok).toBe(
      false,
    );
    expect(num(rt, "10 / (size(profile.plan) - 4)").evaluate(frame, offer).ok).toBe(false);
    expect(num(rt, "10 % (size(profile.plan) - 4)").evaluate(frame, offer).ok).toBe(false);
  });

  it("supports strings, lists, maps, has() and macros", () => {
    expect(
      isTrue("profile.plan.startsWith('go') && profile.address.country.endsWith('R')"),
    ).toEqual({ ok: true, value: true });
    expect(
      isTrue("'yoga' in profile.interests && profile.interests.exists(i, i == 'running')"),
    ).toEqual({ ok: true, value: true });
    expect(
      isTrue(
        "profile.interests.all(i, size(i) > 3) && profile.interests.exists_one(i, i.contains('y'))",
      ),
    ).toEqual({ ok: true, value: true });
    expect(
      isTrue(
        "profile.interests.filter(i, i != 'yoga') == ['running'] && profile.interests.map(i, size(i)) == [7, 4]",
      ),
    ).toEqual({ ok: true, value: true });
    expect(
      isTrue(
        "has(profile.loyalty.tier) && !has(profile.loyalty.rank) && 'tier' in profile.loyalty",
      ),
    ).toEqual({ ok: true, value: true });
    expect(
      isTrue(
        "profile.plan.matches('^g[a-z]+$') && offer.attributes.category == 'shoes' && 'web' in offer.tags",
      ),
    ).toEqual({ ok: true, value: true });
  });

  it("compares timestamps and durations for date rules", () => {
    expect(isTrue("now >= offer.startDate && now < offer.endDate")).toEqual({
      ok: true,
      value: true,
    });
    expect(
      isTrue("offer.endDate - now < duration('720h') && now > timestamp('2024-01-01T00:00:00Z')"),
    ).toEqual({ ok: true, value: true });
    expect(isTrue("now.getHours() == 12 && now.getDayOfWeek() == 6")).toEqual({
      ok: true,
      value: true,
    });
  });

  it("reads keys like __proto__ and constructor as plain data", () => {
    const data = JSON.parse(
      '{"__proto__": 1, "constructor": {"name": "x"}, "prototype": [2]}',
    ) as Record<string, unknown>;
    const f = rt.createFrame({ profile: data, context: {}, now: NOW });
    expect(num(rt, "profile['__proto__']").evaluate(f)).toEqual({ ok: true, value: 1 });
    expect(
      bool(rt, "profile.constructor.name == 'x' && profile.prototype[0] == 2").evaluate(f),
    ).toEqual({ ok: true, value: true });
  });

  it("explains which top-level conjunct excluded an offer", () => {
    const rule = bool(
      rt,
      "profile.age >= 18 && (profile.plan == 'bronze' || profile.ltv < 10.0) && profile.missing > 1",
    );
    expect(rule.evaluate(frame, offer)).toEqual({ ok: true, value: false });
    expect(rule.explain(frame, offer)).toBe("profile.plan == 'bronze' || profile.ltv < 10.0");
    const erroring = bool(rt, "profile.age >= 18 && profile.missing > 1");
    expect(erroring.evaluate(frame, offer).ok).toBe(false);
    expect(erroring.explain(frame, offer)).toBe("profile.missing > 1");
    const parenthesized = bool(rt, "profile.age >= 18 && (profile.age + 1) * 2 > 100");
    expect(parenthesized.explain(frame, offer)).toBe("(profile.age + 1) * 2 > 100");
  });

  it("rejects expressions of the wrong result type", () => {
    expect(rt.compileBool("profile.age + 1").ok).toBe(true); // dyn: decided at evaluation
    expect(bool(rt, "profile.age + 1").evaluate(frame).ok).toBe(false);
    expect(rt.compileBool("'text'").ok).toBe(false);
    expect(rt.compileNumber("true").ok).toBe(false);
    expect(rt.compileBool("profile.age >=").ok).toBe(false);
  });
});

describe("CelCompiler attribute slots", () => {
  it("resolves each attribute path at most once per frame, however many rules read it", () => {
    const compiler = new CelCompiler();
    const rules = Array.from({ length: 1_000 }, (_, i) =>
      bool(compiler, `profile.age >= ${i % 90} && profile.loyalty.tier == 'silver'`),
    );
    let ageReads = 0;
    let loyaltyReads = 0;
    const counted = {
      get age() {
        ageReads++;
        return 34;
      },
      get loyalty() {
        loyaltyReads++;
        return { tier: "silver" };
      },
    };
    // Own enumerable accessors, so reads are observable.
    const p = Object.defineProperties({}, Object.getOwnPropertyDescriptors(counted)) as Record<
      string,
      unknown
    >;
    const frame = compiler.createFrame({ profile: p, context: {}, now: NOW });
    const results = rules.map((r) => r.evaluate(frame, offer));
    expect(results.filter((r) => r.ok && r.value).length).toBe(
      rules.filter((_, i) => 34 >= i % 90).length,
    );
    expect(ageReads).toBe(1);
    expect(loyaltyReads).toBe(1);
    // A new frame (next request) reads again.
    rules[0]?.evaluate(compiler.createFrame({ profile: p, context: {}, now: NOW }), offer);
    expect(ageReads).toBe(2);
  });

  it("evaluates a frame created by another runtime", () => {
    const compiler = new CelCompiler();
    const foreign = new CelInterpreter().createFrame(input);
    expect(bool(compiler, "profile.age == 34").evaluate(foreign)).toEqual({
      ok: true,
      value: true,
    });
  });
});
