import type { LibraryBundleInput } from "@offerkit/core";

/**
 * A small real library for the email tests: how many grid offers qualify is driven by
 * `profile.level` (0 → fallback, 1 → one offer, 3 → three), and `profile.evil` adds an offer whose
 * content carries script payloads.
 */
const SHOP = "https://shop.test.example";
const EVIL_HTML = `<h1>Deal<script>alert("x")</script></h1><p onclick="alert(1)">Now <img src="x" onerror="alert(2)"><a href="javascript:alert(3)">js</a> <a href="${SHOP}/deal?a=1&amp;b=2">real</a></p><style>body{display:none}</style><iframe src="https://evil.example"></iframe>`;

function offer(
  id: string,
  priority: number,
  eligibility: string,
  headline: string,
  attributes: Record<string, string | number> = {},
  html?: string,
) {
  return {
    id,
    name: `${headline} (name)`,
    kind: "personalized" as const,
    status: "approved" as const,
    priority,
    attributes,
    eligibility: { expression: eligibility },
    representations: [
      {
        placementId: "email-hero",
        type: "html" as const,
        content: html ?? `<h2>${headline}</h2><p>Body of ${id}</p>`,
        linkUrl: `${SHOP}/${id}`,
      },
      {
        placementId: "email-grid",
        type: "html" as const,
        content: html ?? `<strong>${headline}</strong>`,
        linkUrl: `${SHOP}/${id}`,
      },
    ],
  };
}

export const emailTestLibrary: LibraryBundleInput = {
  version: 1,
  placements: [
    {
      id: "email-hero",
      name: "Hero",
      channel: "email",
      contentType: "html",
      itemCount: 1,
      allowDuplicates: true,
    },
    {
      id: "email-grid",
      name: "Grid",
      channel: "email",
      contentType: "html",
      itemCount: 3,
      allowDuplicates: true,
    },
  ],
  offers: [
    offer("grid-1", 30, "profile.level >= 1", "First offer", { preheader: "" }),
    offer("grid-2", 20, "profile.level >= 2", "Second offer", { moreUrl: "javascript:alert(9)" }),
    offer("grid-3", 10, "profile.level >= 3", "Third offer", { discountPct: 15 }),
    offer(
      "evil",
      99,
      "has(profile.evil) && profile.evil",
      "Evil offer",
      { label: `"><script>alert(4)</script>`, moreUrl: "javascript:alert(9)" },
      EVIL_HTML,
    ),
    offer("early-bird", 50, "has(profile.early) && profile.early", "Early bird", {
      preheader: "Early bird: 20% off until noon",
    }),
    {
      id: "house-fallback",
      name: "House fallback",
      kind: "fallback",
      status: "approved",
      representations: [
        {
          placementId: "email-hero",
          type: "html",
          content: "<h2>Discover the collection</h2>",
          linkUrl: `${SHOP}/`,
        },
        {
          placementId: "email-grid",
          type: "html",
          content: "<strong>Discover the collection</strong>",
          linkUrl: `${SHOP}/`,
        },
      ],
    },
  ],
  collections: [
    {
      id: "all",
      name: "All",
      kind: "static",
      offerIds: ["grid-1", "grid-2", "grid-3", "evil", "early-bird"],
    },
  ],
  decisions: [
    {
      id: "promo",
      name: "Promo",
      status: "live",
      fallbackOfferId: "house-fallback",
      scopes: [
        { placementId: "email-hero", groups: [{ criteria: [{ collectionId: "all" }] }] },
        { placementId: "email-grid", groups: [{ criteria: [{ collectionId: "all" }] }] },
      ],
    },
  ],
};
