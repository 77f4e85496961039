import { describe, expect, it } from "vitest";
import { compileLibrary } from "./compile-library.js";
import { generateWorkload } from "../bench-workload/workload.js";
import { library, offer } from "../test-support/library-fixtures.js";
import type { CompiledLibrary } from "./compiled-library.js";

const criterionOf = (lib: CompiledLibrary, decision: string, placement: string) =>
  lib.decisions.get(decision)!.scopes.get(placement)!.groups[0]!.criteria[0]!;

describe("PredicateIndex", () => {
  it("never leaves out an offer whose rule is true, and leaves out most of the others (benchmark workload)", () => {
    const w = generateWorkload({ offers: 600, profiles: 60, seed: 11 });
    const lib = compileLibrary(w.library);
    const criterion = criterionOf(lib, "bench", "web");
    let candidates = 0;
    let eligible = 0;
    w.profiles.forEach((p, i) => {
      const frame = lib.runtime.createFrame({
        profile: { ...p.attributes, id: p.id },
        context: w.contexts[i]!,
        now: new Date(),
      });
      const found = new Set(criterion.eligibilityIndex.candidates(frame).map((o) => o.id));
      for (const o of criterion.members) {
        const r = o.eligibility!.evaluate(frame, o.view);
        if (r.ok && r.value) {
          eligible++;
          expect(found.has(o.id), `${o.id} is eligible for ${p.id} but not a candidate`).toBe(true);
        }
      }
      candidates += found.size;
    });
    expect(eligible).toBeGreaterThan(0);
    // The access predicates keep well under half of the library in play.
    expect(candidates / (w.profiles.length * criterion.members.length)).toBeLessThan(0.3);
  });

  it("files contains conjuncts for list elements and map keys, and unindexable rules always", () => {
    const lib = compileLibrary(
      library({
        offers: [
          offer("runner", 1, {
            eligibility: { expression: "'running' in profile.interests && profile.age > 20" },
          }),
          offer("gold", 1, { eligibility: { expression: "profile.tier == 'gold'" } }),
          offer("either", 1, {
            eligibility: { expression: "profile.tier in ['silver', 'bronze']" },
          }),
          offer("flagged", 1, { eligibility: { expression: "'vip' in profile.flags" } }),
          offer("anyone", 1, {
            eligibility: { expression: "profile.age > 20 || profile.tier == 'gold'" },
          }),
          offer("norule", 1),
        ],
      }),
    );
    const criterion = criterionOf(lib, "d", "top");
    const ids = (profile: Record<string, unknown>) =>
      criterion.eligibilityIndex
        .candidates(lib.runtime.createFrame({ profile, context: {}, now: new Date() }))
        .map((o) => o.id)
        .sort();
    expect(ids({ tier: "gold", interests: ["running"] })).toEqual([
      "anyone",
      "gold",
      "norule",
      "runner",
    ]);
    expect(ids({ tier: "bronze", flags: { vip: true } })).toEqual([
      "anyone",
      "either",
      "flagged",
      "norule",
    ]);
    expect(ids({})).toEqual(["anyone", "norule"]);
  });
});
