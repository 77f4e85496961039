import type { LibraryKind } from "../types.js";

/**
 * A small library that validates: two placements, two personalized offers and a fallback, a static
 * and a dynamic collection, a rule, a ranking formula, and a decision using all of them.
 */
export function sampleLibrary(): Record<LibraryKind, Record<string, unknown>[]> {
  return {
    placements: [
      { id: "web-hero", name: "Web hero", channel: "web", contentType: "html" },
      { id: "email-banner", name: "Email banner", channel: "email", contentType: "text" },
    ],
    rules: [{ id: "gold-members", name: "Gold members", expression: 'profile.tier == "gold"' }],
    rankingFormulas: [
      { id: "double-priority", name: "Double priority", expression: "offer.priority * 2.0" },
    ],
    offers: [
      offer("summer-sale", { name: "Summer sale", tags: ["seasonal", "sale"], priority: 5 }),
      offer("winter-coat", {
        name: "Winter coat deal",
        tags: ["seasonal"],
        priority: 9,
        status: "approved",
      }),
      {
        id: "house-banner",
        name: "House banner",
        kind: "fallback",
        representations: [
          { placementId: "web-hero", type: "html", content: "<p>Welcome</p>" },
          { placementId: "email-banner", type: "text", content: "Welcome" },
        ],
      },
    ],
    collections: [
      {
        id: "featured",
        name: "Featured",
        kind: "static",
        offerIds: ["summer-sale", "winter-coat"],
      },
      { id: "seasonal", name: "Seasonal", kind: "dynamic", tagsAny: ["seasonal"] },
    ],
    decisions: [
      {
        id: "homepage",
        name: "Homepage",
        fallbackOfferId: "house-banner",
        scopes: [
          {
            placementId: "web-hero",
            groups: [
              {
                criteria: [
                  { collectionId: "featured", rule: { ruleId: "gold-members" } },
                  {
                    collectionId: "seasonal",
                    ranking: { method: "formula", formulaId: "double-priority" },
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

export function offer(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    name: `Offer ${id}`,
    representations: [
      { placementId: "web-hero", type: "html", content: `<p>${id}</p>` },
      { placementId: "email-banner", type: "text", content: id },
    ],
    ...overrides,
  };
}
