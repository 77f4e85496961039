import type { LibraryBundleInput, OfferInput } from "@offerkit/core";
import { apiTestLibrary } from "../../test/support/api-library.js";

/**
 * For the reporting and batch tests: the API tests' library with a decision over both placements that
 * depends on the profile (age, gold tier), and one whose only offer has a global decision cap of 2
 * counted per placement. What differs from apiTestLibrary is spelled out below.
 */
export function reportingTestLibrary(): LibraryBundleInput {
  const base = apiTestLibrary();
  const gilt: OfferInput = {
    id: "gilt",
    name: "Gilt",
    status: "approved",
    priority: 50,
    tags: ["promo"],
    eligibility: { ruleId: "gold" },
    representations: ["web", "email"].map((placementId) => ({
      placementId,
      type: "text" as const,
      content: "G",
    })),
  };
  return {
    ...base,
    rules: [
      ...(base.rules ?? []),
      { id: "gold", name: "Gold", expression: 'profile.tier == "gold"' },
    ],
    rankingFormulas: [
      {
        id: "by-priority",
        name: "Priority",
        expression: "offer.priority * 2.0 + (profile.age > 60.0 ? 100.0 : 0.0)",
      },
    ],
    offers: (base.offers ?? []).map((offer): OfferInput => {
      if (offer.kind === "fallback") return offer;
      switch (offer.id) {
        case "beta": {
          // Eligible for adults only, but no display cap and no "adult" tag.
          const { caps: _caps, ...rest } = offer;
          return { ...rest, tags: ["promo"] };
        }
        case "gamma":
          return gilt;
        case "limited":
          return {
            ...offer,
            caps: [{ id: "two", event: "decision", scope: "global", limit: 2, placements: "each" }],
          };
        default:
          return offer;
      }
    }),
    decisions: (base.decisions ?? []).filter((d) => d.id !== "later"),
  };
}
