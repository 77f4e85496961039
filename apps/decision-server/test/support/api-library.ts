import type { LibraryBundleInput } from "@offerkit/core";

/**
 * A small library for the API tests: two placements, offers in several states with caps, a fallback,
 * static and dynamic collections, a rule, a formula and two decisions (one live, one draft).
 */
export function apiTestLibrary(): LibraryBundleInput {
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
    rules: [{ id: "adults", name: "Adults", expression: "profile.age >= 18" }],
    rankingFormulas: [
      { id: "by-priority", name: "Priority × 2", expression: "offer.priority * 2" },
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
        tags: ["promo", "adult"],
        eligibility: { ruleId: "adults" },
        representations: [text("web", "B")],
        caps: [{ id: "once", event: "display", scope: "profile", limit: 1 }],
      },
      {
        id: "gamma",
        name: "Gamma",
        status: "draft",
        priority: 99,
        tags: ["promo"],
        representations: [text("web", "C")],
      },
      {
        id: "limited",
        name: "Limited",
        status: "approved",
        priority: 10,
        tags: ["limited"],
        representations: [text("web", "L")],
        caps: [{ id: "two", event: "decision", scope: "global", limit: 2 }],
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
      {
        id: "later",
        name: "Later",
        status: "draft",
        fallbackOfferId: "fallback",
        scopes: [{ placementId: "web", groups: [{ criteria: [{ collectionId: "promos" }] }] }],
      },
    ],
  };
}
