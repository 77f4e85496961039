import { describe, expect, it } from "vitest";
import { generateWorkload } from "./workload.js";
import { DecisionEngine } from "../engine/decision-engine.js";

describe("benchmark workload", () => {
  it("is reproducible from its seed and about 4 % of offers are eligible per profile", async () => {
    const a = generateWorkload({ offers: 1000, profiles: 200, seed: 7 });
    const b = generateWorkload({ offers: 1000, profiles: 200, seed: 7 });
    expect(a.library).toEqual(b.library);
    const engine = new DecisionEngine({ library: a.library });
    let eligible = 0;
    for (let i = 0; i < 100; i++) {
      const r = await engine.decide({
        profile: a.profiles[i]!,
        context: a.contexts[i]!,
        scopes: [{ decisionId: "bench", placementId: "web" }],
        options: { explain: true, dryRun: true },
      });
      eligible += r.trace!.scopes[0]!.candidates.filter(
        (c) => c.stage === "selected" || c.stage === "item-count",
      ).length;
      expect(r.propositions[0]!.items.length).toBeGreaterThan(0);
    }
    const share = eligible / (100 * 1000);
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.07);
  });
});
