/**
 * In-process quickstart: the engine decides the demo library's homepage for three customers and
 * prints each proposition with its explain trace. No server, no services.
 */
import { DecisionEngine, type DecisionResponse } from "@offerkit/core";
import { retailDemoContext, retailDemoLibrary, retailDemoProfiles } from "@offerkit/core/demo";

const engine = new DecisionEngine({ library: retailDemoLibrary });
const scopes = ["web-hero", "web-sidebar", "web-banner"].map((placementId) => ({
  decisionId: "homepage",
  placementId,
}));

function print(profileId: string, r: DecisionResponse) {
  console.log(`\n=== ${profileId} (library v${r.libraryVersion})`);
  for (const p of r.propositions) {
    const chosen =
      p.items.length > 0
        ? p.items.map((i) => `${i.offerId} (score ${i.score})`).join(", ")
        : `fallback ${p.fallback?.offerId}`;
    console.log(`  ${p.placementId.padEnd(12)} → ${chosen}`);
  }
  const hero = r.trace?.scopes[0];
  if (hero) {
    console.log("  why (web-hero):");
    for (const c of hero.candidates.slice(0, 12)) {
      const extra = c.expression
        ? `  [${c.expression}]`
        : c.cap
          ? `  [cap ${c.cap.capId} ${c.cap.count}/${c.cap.limit}]`
          : c.score !== undefined
            ? `  [score ${c.score}]`
            : "";
      console.log(
        `    g${c.groupIndex} ${c.offerId.padEnd(22)} ${c.stage.padEnd(14)} ${c.reason}${extra}`,
      );
    }
  }
}

for (const profile of retailDemoProfiles) {
  print(
    profile.id,
    await engine.decide({
      profile,
      context: retailDemoContext,
      scopes,
      options: { explain: true },
    }),
  );
}
