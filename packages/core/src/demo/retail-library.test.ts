import { describe, expect, it } from "vitest";
import { DecisionEngine } from "../engine/decision-engine.js";
import { retailDemoContext, retailDemoLibrary, retailDemoProfiles } from "./retail-library.js";

const now = new Date("2026-11-22T10:00:00Z");

describe("retail demo library", () => {
  it("is valid, and personalizes: different customers get different homepages", async () => {
    const engine = new DecisionEngine({
      library: retailDemoLibrary,
      clock: { now: () => now },
      seed: 3,
    });
    const scopes = ["web-hero", "web-sidebar", "web-banner"].map((placementId) => ({
      decisionId: "homepage",
      placementId,
    }));
    const results = await Promise.all(
      retailDemoProfiles.map((profile) =>
        engine.decide({
          profile,
          context: retailDemoContext,
          scopes,
          options: { explain: true, dryRun: true },
        }),
      ),
    );
    for (const r of results) {
      expect(r.errors).toEqual([]);
      expect(r.propositions).toHaveLength(3);
      // No rule in the demo library may fail on the demo profiles' data.
      const ruleErrors = r
        .trace!.scopes.flatMap((s) => s.candidates)
        .filter((c) => c.stage === "rule-error");
      expect(ruleErrors).toEqual([]);
    }
    const heroes = results.map((r) => r.propositions[0]!.items[0]?.offerId);
    expect(new Set(heroes).size).toBeGreaterThan(1);
    // The sidebar fills 3 distinct offers, none repeating the hero (duplicates are off by default).
    const ana = results[0]!;
    const sidebar = ana.propositions[1]!.items.map((i) => i.offerId);
    expect(sidebar).toHaveLength(3);
    expect(sidebar).not.toContain(ana.propositions[0]!.items[0]!.offerId);
  });

  it("decides the lifecycle email and push scopes", async () => {
    const engine = new DecisionEngine({ library: retailDemoLibrary, clock: { now: () => now } });
    const r = await engine.decide({
      profile: retailDemoProfiles[1]!,
      context: { ...retailDemoContext, channel: "email" },
      scopes: ["email-hero", "email-grid", "push-alert"].map((placementId) => ({
        decisionId: "lifecycle",
        placementId,
      })),
    });
    expect(r.errors).toEqual([]);
    expect(
      r.propositions.map((p) => p.items.length + (p.fallback ? 1 : 0)).every((n) => n > 0),
    ).toBe(true);
  });
});
