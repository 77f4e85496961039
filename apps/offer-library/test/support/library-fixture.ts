/**
 * What the UI tests start from: two placements, a fallback offer, a dynamic collection of offers
 * tagged "spring", and a live decision over that collection on both placements.
 */
export function fixtureBundle(): Record<string, unknown> {
  return {
    placements: [
      {
        id: "web-banner",
        name: "Web banner",
        channel: "web",
        contentType: "text",
        itemCount: 1,
        allowDuplicates: true,
      },
      {
        id: "email-hero",
        name: "Email hero",
        channel: "email",
        contentType: "html",
        itemCount: 1,
        allowDuplicates: true,
      },
    ],
    offers: [
      {
        id: "house-ad",
        name: "House ad",
        kind: "fallback",
        tags: ["house"],
        representations: [
          { placementId: "web-banner", type: "text", content: "Visit our shop" },
          { placementId: "email-hero", type: "html", content: "<p>Visit our shop</p>" },
        ],
      },
    ],
    collections: [
      { id: "spring-offers", name: "Spring offers", kind: "dynamic", tagsAny: ["spring"] },
    ],
    rules: [{ id: "adults", name: "Adults", expression: "profile.age >= 18" }],
    rankingFormulas: [],
    decisions: [
      {
        id: "homepage",
        name: "Homepage",
        status: "live",
        fallbackOfferId: "house-ad",
        scopes: [
          {
            placementId: "web-banner",
            groups: [{ criteria: [{ collectionId: "spring-offers" }] }],
          },
          {
            placementId: "email-hero",
            groups: [{ criteria: [{ collectionId: "spring-offers" }] }],
          },
        ],
      },
    ],
  };
}
