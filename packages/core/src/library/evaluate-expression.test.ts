import { describe, expect, it } from "vitest";
import { OfferkitError } from "../errors/offerkit-error.js";
import { compileLibrary } from "./compile-library.js";
import { evaluateExpression } from "./evaluate-expression.js";

const library = compileLibrary({
  placements: [{ id: "web", name: "Web", channel: "web", contentType: "text" }],
  offers: [
    {
      id: "gold",
      name: "Gold",
      status: "approved",
      priority: 7,
      tags: ["vip"],
      attributes: { margin: 0.4 },
      representations: [{ placementId: "web", type: "text", content: "G" }],
    },
    {
      id: "house",
      name: "House",
      kind: "fallback",
      representations: [{ placementId: "web", type: "text", content: "H" }],
    },
  ],
  collections: [],
  rules: [],
  rankingFormulas: [],
  decisions: [],
});
const profile = { id: "p1", attributes: { age: 34, ltv: 1500, tier: "gold" } };

function thrown(fn: () => unknown): OfferkitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OfferkitError) return error;
    throw error;
  }
  throw new Error("expected an OfferkitError");
}

describe("evaluateExpression", () => {
  it("evaluates a rule on the profile and context, naming the false clause", () => {
    expect(
      evaluateExpression(library, {
        expression: 'profile.age >= 18 && context.channel == "web"',
        kind: "rule",
        profile,
        context: { channel: "web" },
      }),
    ).toEqual({ value: true });
    const result = evaluateExpression(library, {
      expression: 'profile.age >= 18 && profile.tier == "silver"',
      kind: "rule",
      profile,
    });
    expect(result).toEqual({ value: false, failingClause: 'profile.tier == "silver"' });
  });

  it("binds offer for formulas and uses the integral-number semantics of the pipeline", () => {
    const value = evaluateExpression(library, {
      expression: "offer.priority * 2 + (profile.ltv > 1000 ? 10 : 0)",
      kind: "formula",
      profile,
      offerId: "gold",
    });
    expect(value).toEqual({ value: 24 });
    expect(
      evaluateExpression(library, {
        expression: "offer.attributes.margin * 10.0",
        kind: "formula",
        profile,
        offerId: "gold",
      }).value,
    ).toBeCloseTo(4);
  });

  it("reads now from the request", () => {
    const expression = "now.getFullYear() == 2030";
    expect(
      evaluateExpression(library, {
        expression,
        kind: "rule",
        profile,
        now: "2030-06-01T00:00:00Z",
      }),
    ).toEqual({ value: true });
    expect(
      evaluateExpression(
        library,
        { expression, kind: "rule", profile },
        new Date("2031-01-02T00:00:00Z"),
      ).value,
    ).toBe(false);
  });

  it("reports parse and type errors with their span at the expression", () => {
    const parse = thrown(() =>
      evaluateExpression(library, { expression: "profile.age >=", kind: "rule", profile }),
    );
    expect(parse.code).toBe("INVALID_EXPRESSION");
    expect(parse.issues[0]).toMatchObject({ path: ["expression"], span: { start: 14 } });
    const type = thrown(() =>
      evaluateExpression(library, { expression: "profile.age + 1", kind: "rule", profile }),
    );
    expect(type.issues[0]?.message).toMatch(/bool/);
    const formula = thrown(() =>
      evaluateExpression(library, { expression: "'text'", kind: "formula", profile }),
    );
    expect(formula.issues[0]?.message).toMatch(/number/);
  });

  it("reports an evaluation failure, an unknown offer and a malformed request with their paths", () => {
    const failing = thrown(() =>
      evaluateExpression(library, { expression: "profile.missing > 3", kind: "rule", profile }),
    );
    expect(failing.code).toBe("INVALID_EXPRESSION");
    expect(failing.issues[0]?.message).toMatch(/^evaluation failed: /);
    const unknown = thrown(() =>
      evaluateExpression(library, {
        expression: "offer.priority",
        kind: "formula",
        profile,
        offerId: "nope",
      }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.issues[0]?.path).toEqual(["offerId"]);
    const bad = thrown(() =>
      evaluateExpression(library, {
        expression: "true",
        kind: "maybe",
        profile: { attributes: {} },
      }),
    );
    expect(bad.code).toBe("VALIDATION_FAILED");
    expect(bad.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([["kind"], ["profile", "id"]]),
    );
  });
});
