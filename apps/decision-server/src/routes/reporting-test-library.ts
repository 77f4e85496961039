import type { LibraryBundleInput } from "@offerkit/core";

/**
 * For the reporting and batch tests: two placements, three offers and a fallback, a decision over both
 * placements that depends on the profile (age), and one whose only offer has a global decision cap of 2
 * counted per placement.
 */
export function reportingTestLibrary(): LibraryBundleInput {
  const text = (placementId: string, content: string) => ({
    placementId,
    type: "text" as const,
    content,
  });
  return {
    placements: [
      {
        id: "web",
        name: "Web",
        channel: "web",
        contentType: "text",
        itemCount: 2,
        allowDuplicates: true,
      },
      {
        id: "email",
        name: "Email",
        channel: "email",
        contentType: "text",
        itemCount: 1,
        allowDuplicates: true,
      },
    ],
    rules: [
      { id: "adults", name: "Adults", expression: "profile.age >= 18" },
      { id: "gold", name: "Gold", expression: 'profile.tier == "gold"' },
    ],
    rankingFormulas: [
      {
        id: "by-priority",
        name: "Priority",
        expression: "offer.priority * 2.0 + (profile.age > 60.0 ? 100.0 : 0.0)",
      },
    ],
    offers: [
      {
        id: "alpha",
        name: "Alpha",
        status: "approved",
        priority: 30,
        tags: ["promo"],
        representations: [text("web", "A"), text("email", "A")],
      },
      {
        id: "beta",
        name: "Beta",
        status: "approved",
        priority: 20,
        tags: ["promo"],
        eligibility: { ruleId: "adults" },
        representations: [text("web", "B")],
      },
      {
        id: "gilt",
        name: "Gilt",
        status: "approved",
        priority: 50,
        tags: ["promo"],
        eligibility: { ruleId: "gold" },
        representations: [text("web", "G"), text("email", "G")],
      },
      {
        id: "limited",
        name: "Limited",
        status: "approved",
        priority: 10,
        tags: ["limited"],
        representations: [text("web", "L")],
        caps: [{ id: "two", event: "decision", scope: "global", limit: 2, placements: "each" }],
      },
      {
        id: "fallback",
        name: "Fallback",
        kind: "fallback",
        representations: [text("web", "F"), text("email", "F")],
      },
    ],
    collections: [
      { id: "promos", name: "Promotions", kind: "dynamic", tagsAny: ["promo"] },
      { id: "limited-only", name: "Limited", kind: "static", offerIds: ["limited"] },
    ],
    decisions: [
      {
        id: "home",
        name: "Home",
        status: "live",
        fallbackOfferId: "fallback",
        scopes: [
          {
            placementId: "web",
            groups: [
              {
                criteria: [
                  {
                    collectionId: "promos",
                    ranking: { method: "formula", formulaId: "by-priority" },
                  },
                ],
              },
            ],
          },
          { placementId: "email", groups: [{ criteria: [{ collectionId: "promos" }] }] },
        ],
      },
      {
        id: "scarce",
        name: "Scarce",
        status: "live",
        fallbackOfferId: "fallback",
        scopes: [
          { placementId: "web", groups: [{ criteria: [{ collectionId: "limited-only" }] }] },
        ],
      },
    ],
  };
}
