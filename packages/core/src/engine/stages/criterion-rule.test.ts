import { describe, expect, it } from "vitest";
import { CelCompiler } from "../../rules/cel-compiler.js";
import type { CompileOutcome, Frame, OfferView } from "../../rules/expression.js";
import { library, offer } from "../../test-support/library-fixtures.js";
import { DecisionEngine } from "../decision-engine.js";

/** A CEL compiler that counts evaluations per rule source. */
class CountingCompiler extends CelCompiler {
  readonly evaluations = new Map<string, number>();
  override compileBool(source: string): CompileOutcome<boolean> {
    const compiled = super.compileBool(source);
    if (!compiled.ok) return compiled;
    const inner = compiled.expression;
    const counts = this.evaluations;
    return {
      ok: true,
      expression: Object.assign(Object.create(inner) as typeof inner, {
        evaluate(frame: Frame, view?: OfferView) {
          counts.set(source, (counts.get(source) ?? 0) + 1);
          return inner.evaluate(frame, view);
        },
      }),
    };
  }
}

const offers = ["a", "b", "c", "d", "e"].map((id, i) =>
  offer(id, 10 - i, { tags: i % 2 === 0 ? ["even"] : [] }),
);

function engineWith(rule: string) {
  const runtime = new CountingCompiler();
  // A formula ranking that is not static + request keeps the full pool path (every member visited).
  const lib = library({
    offers,
    groups: [
      [
        {
          collectionId: "all",
          rule: { expression: rule },
          ranking: { method: "formula", expression: "offer.priority * (profile.boost + 1.0)" },
        },
      ],
    ],
  });
  return { runtime, engine: new DecisionEngine({ library: lib, ruleRuntime: runtime, seed: 1 }) };
}

describe("criterion rules", () => {
  it("a rule that reads only the request is evaluated once per request, with the same outcome for every member", async () => {
    const { runtime, engine } = engineWith("profile.tier == 'gold'");
    const gold = await engine.decide({
      profile: { id: "p", attributes: { tier: "gold", boost: 1 } },
      scopes: [{ decisionId: "d", placementId: "top", itemCount: 3 }],
      options: { dryRun: true },
    });
    expect(gold.propositions[0]!.items.map((i) => i.offerId)).toEqual(["a", "b", "c"]);
    expect(runtime.evaluations.get("profile.tier == 'gold'")).toBe(1);

    const silver = await engine.decide({
      profile: { id: "p", attributes: { tier: "silver", boost: 1 } },
      scopes: [{ decisionId: "d", placementId: "top", itemCount: 3 }],
      options: { dryRun: true, explain: true },
    });
    expect(silver.propositions[0]!.fallback?.offerId).toBe("fb");
    const stages = silver.trace!.scopes[0]!.candidates.map((c) => [c.offerId, c.stage]);
    expect(stages).toEqual(offers.map((o) => [o.id, "criterion-rule"]));
    expect(runtime.evaluations.get("profile.tier == 'gold'")).toBe(2);
  });

  it("a rule that reads the offer is evaluated per member", async () => {
    const { runtime, engine } = engineWith("'even' in offer.tags && profile.tier == 'gold'");
    const r = await engine.decide({
      profile: { id: "p", attributes: { tier: "gold", boost: 1 } },
      scopes: [{ decisionId: "d", placementId: "top", itemCount: 3 }],
      options: { dryRun: true },
    });
    expect(r.propositions[0]!.items.map((i) => i.offerId)).toEqual(["a", "c", "e"]);
    expect(runtime.evaluations.get("'even' in offer.tags && profile.tier == 'gold'")).toBe(5);
  });
});
