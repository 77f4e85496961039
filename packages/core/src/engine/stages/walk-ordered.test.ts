import { describe, expect, it } from "vitest";
import { DecisionEngine } from "../decision-engine.js";
import { FullScanIndex } from "../../library/eligibility-index.js";
import { CelCompiler } from "../../rules/cel-compiler.js";
import type { CompileOutcome, CompiledExpression, RuleRuntime } from "../../rules/expression.js";
import { library, offer } from "../../test-support/library-fixtures.js";
import type { LibraryBundleInput } from "../../model/library.js";

/** Counts rule evaluations, to show how many offers a decision actually looks at. */
class CountingRuntime implements RuleRuntime {
  evaluations = 0;
  private readonly inner = new CelCompiler();
  createFrame = this.inner.createFrame.bind(this.inner);
  compileBool(source: string): CompileOutcome<boolean> {
    return this.wrap(this.inner.compileBool(source));
  }
  compileNumber(source: string): CompileOutcome<number> {
    return this.wrap(this.inner.compileNumber(source));
  }
  private wrap<T>(outcome: CompileOutcome<T>): CompileOutcome<T> {
    if (!outcome.ok) return outcome;
    const e = outcome.expression;
    const counted: CompiledExpression<T> = {
      source: e.source,
      kind: e.kind,
      evaluate: (frame, offer) => {
        this.evaluations++;
        return e.evaluate(frame, offer);
      },
      explain: (frame, offer) => e.explain(frame, offer),
    };
    return { ok: true, expression: counted };
  }
}

const profile = { id: "p", attributes: { age: 35 } };
const top = (n: number) => [{ decisionId: "d", placementId: "top", itemCount: n }];

function both(lib: LibraryBundleInput) {
  return {
    fast: new DecisionEngine({ library: lib, seed: 1 }),
    full: new DecisionEngine({
      library: lib,
      seed: 1,
      compileOptions: { orderedWalk: false, buildIndex: (m) => new FullScanIndex(m) },
    }),
  };
}

async function same(lib: LibraryBundleInput, scopes = top(3)) {
  const { fast, full } = both(lib);
  const a = await fast.decide({ profile, scopes });
  const b = await full.decide({ profile, scopes });
  expect(a).toEqual(b);
  return a.propositions[0]!.items.map((i) => i.offerId);
}

describe("best-first walk", () => {
  it("merges two criteria of a group in score, then priority, then id order", async () => {
    const lib = library({
      offers: [offer("x1", 1), offer("x3", 1), offer("x2", 1), offer("x4", 1), offer("c", 2)],
      collections: [
        { id: "A", name: "A", kind: "static", offerIds: ["x1", "x3", "c"] },
        { id: "B", name: "B", kind: "static", offerIds: ["x2", "x4"] },
      ],
      groups: [
        [
          { collectionId: "A", ranking: { method: "formula", expression: "1.0" } },
          { collectionId: "B", ranking: { method: "formula", expression: "1.0" } },
        ],
      ],
    });
    expect(await same(lib, top(4))).toEqual(["c", "x1", "x2", "x3"]);
  });

  it("keeps an offer's best score when two criteria reach it", async () => {
    const lib = library({
      offers: [offer("x", 1), offer("y", 5)],
      collections: [
        { id: "A", name: "A", kind: "static", offerIds: ["x", "y"] },
        { id: "B", name: "B", kind: "static", offerIds: ["x"] },
      ],
      groups: [
        [
          { collectionId: "A" },
          {
            collectionId: "B",
            ranking: { method: "formula", expression: "offer.priority + 10.0" },
          },
        ],
      ],
    });
    expect(await same(lib, top(2))).toEqual(["x", "y"]);
  });

  it("orders by static part plus request part, and skips ineligible offers on the way", async () => {
    const offers = Array.from({ length: 30 }, (_, i) =>
      offer(
        `o${String(i).padStart(2, "0")}`,
        i,
        i % 3 === 0 ? { eligibility: { expression: "profile.age > 40" } } : {},
      ),
    );
    const lib = library({
      offers,
      groups: [
        [
          {
            collectionId: "all",
            ranking: {
              method: "formula",
              expression: "offer.priority * 2.0 + (profile.age > 30 ? 100.0 : 0.0)",
            },
          },
        ],
      ],
    });
    expect(await same(lib)).toEqual(["o29", "o28", "o26"]);
  });

  it("a request term that fails makes the criterion empty, as in the full scan", async () => {
    const lib = library({
      offers: [offer("a", 1), offer("b", 2)],
      groups: [
        [
          {
            collectionId: "all",
            ranking: { method: "formula", expression: "offer.priority + profile.missing" },
          },
        ],
      ],
    });
    const { fast } = both(lib);
    expect(
      (await fast.decide({ profile, scopes: top(2) })).propositions[0]!.fallback?.offerId,
    ).toBe("fb");
    await same(lib);
  });

  it("follows the tie-break when floating point makes different static scores equal", async () => {
    // 1e17 + 1 === 1e17 + 2 in doubles: the run must then be ordered by priority desc, id asc.
    const lib = library({
      offers: [
        offer("lowPriHighStatic", 1, { attributes: { s: 2 } }),
        offer("highPriLowStatic", 9, { attributes: { s: 1 } }),
      ],
      groups: [
        [
          {
            collectionId: "all",
            ranking: {
              method: "formula",
              expression: "double(offer.attributes.s) + (profile.age > 0 ? 1e17 : 0.0)",
            },
          },
        ],
      ],
    });
    expect(await same(lib, top(2))).toEqual(["highPriLowStatic", "lowPriHighStatic"]);
  });

  it("keeps the whole tied run together when equal static scores precede the one that ties", async () => {
    const lib = library({
      offers: [
        offer("a", 1, { attributes: { s: 2 } }),
        offer("b", 1, { attributes: { s: 2 } }),
        offer("c", 9, { attributes: { s: 1 } }),
      ],
      groups: [
        [
          {
            collectionId: "all",
            ranking: {
              method: "formula",
              expression: "double(offer.attributes.s) + (profile.age > 0 ? 1e17 : 0.0)",
            },
          },
        ],
      ],
    });
    expect(await same(lib, top(3))).toEqual(["c", "a", "b"]);
  });

  it("walks a formula with a bounded offer × request term by upper bounds: same result, a fraction of the evaluations", async () => {
    // The demo library's "value-boost": priority, a request boost, and +15 for offers ending within 72 h.
    const now = Date.now();
    const offers = Array.from({ length: 200 }, (_, i) =>
      offer(`o${String(i).padStart(3, "0")}`, i % 50, {
        ...(i % 9 === 0
          ? { endDate: new Date(now + ((i % 4) + 1) * 36 * 3_600_000).toISOString() }
          : {}),
        ...(i % 5 === 0 ? { eligibility: { expression: "profile.age > 50" } } : {}),
      }),
    );
    const expression =
      "offer.priority * 2 + (profile.age > 30 ? 10 : 0) + (has(offer.endDate) && offer.endDate - now < duration('72h') ? 15 : 0)";
    const lib = library({
      offers,
      groups: [[{ collectionId: "all", ranking: { method: "formula", expression } }]],
    });
    // o189 (priority 39, ends in 36 h: 78 + 15) outranks the priority-49 offers (98) only by the
    // bound term; o045 (priority 45, ends in 72 h: not within) does not get it.
    const ids = await same(lib, top(5));
    expect(ids).toHaveLength(5);
    const runtime = new CountingRuntime();
    const engine = new DecisionEngine({ library: lib, ruleRuntime: runtime });
    runtime.evaluations = 0;
    const r = await engine.decide({ profile, scopes: top(5) });
    expect(r.propositions[0]!.items.map((i) => i.offerId)).toEqual(ids);
    // Eligibility and formula evaluations: far fewer than 200 offers × 2.
    expect(runtime.evaluations).toBeLessThan(60);
  });

  it.each([
    "(profile.age > 40 ? 3 : 0) + (offer.priority * 2)",
    "((offer.priority * 2)) + (profile.age > 30 ? 10 : 0) + (profile.age > 30 && 'gold' in offer.tags ? 5 : 0)",
    "( offer.priority + (profile.age > 30 ? 10 : 0) ) + (profile.age > 20 && offer.priority > 40 ? 1 : -1)",
  ])("plans formulas whose operands sit in parentheses: %s", async (expression) => {
    const offers = Array.from({ length: 100 }, (_, i) =>
      offer(`o${String(i).padStart(3, "0")}`, i % 50, { tags: i % 7 === 0 ? ["gold"] : [] }),
    );
    const lib = library({
      offers,
      groups: [[{ collectionId: "all", ranking: { method: "formula", expression } }]],
    });
    const ids = await same(lib, top(3));
    const runtime = new CountingRuntime();
    const engine = new DecisionEngine({ library: lib, ruleRuntime: runtime });
    runtime.evaluations = 0;
    const r = await engine.decide({ profile, scopes: top(3) });
    expect(r.propositions[0]!.items.map((i) => i.offerId)).toEqual(ids);
    expect(runtime.evaluations).toBeLessThan(30);
  });

  it("evaluates a few rules instead of every offer", async () => {
    // 2,000 offers, six in seven eligible: the top 3 are found within the first few best-ranked.
    const offers = Array.from({ length: 2000 }, (_, i) =>
      offer(`o${i}`, i % 100, {
        eligibility: { expression: i % 7 === 0 ? "profile.age > 50" : "profile.age > 18" },
      }),
    );
    const lib = library({
      offers,
      collections: [
        {
          id: "all",
          name: "All",
          kind: "dynamic",
          conditions: [{ attribute: "missing", op: "neq", value: 1 }],
        },
      ],
    });
    const runtime = new CountingRuntime();
    const engine = new DecisionEngine({ library: lib, ruleRuntime: runtime });
    runtime.evaluations = 0;
    const r = await engine.decide({ profile, scopes: top(3) });
    expect(r.propositions[0]!.items).toHaveLength(3);
    expect(runtime.evaluations).toBeLessThan(10);
    // The full scan evaluates every rule.
    const fullRuntime = new CountingRuntime();
    const full = new DecisionEngine({
      library: lib,
      ruleRuntime: fullRuntime,
      compileOptions: { orderedWalk: false, buildIndex: (m) => new FullScanIndex(m) },
    });
    fullRuntime.evaluations = 0;
    expect(await full.decide({ profile, scopes: top(3) })).toMatchObject({
      propositions: [{ items: r.propositions[0]!.items }],
    });
    expect(fullRuntime.evaluations).toBe(2000);
  });
});
