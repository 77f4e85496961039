// Builders for small libraries in tests (not exported from the package).
import type { CapRuleInput } from "../model/cap-rule.js";
import type { LibraryBundleInput } from "../model/library.js";
import type { OfferInput } from "../model/offer.js";

export const PLACEMENTS = ["top", "side"] as const;

export function offer(
  id: string,
  priority: number,
  extra: Partial<Record<string, unknown>> = {},
): OfferInput {
  return {
    id,
    name: `Offer ${id}`,
    kind: "personalized",
    status: "approved",
    priority,
    representations: PLACEMENTS.map((placementId) => ({
      placementId,
      type: "text" as const,
      content: `${id} @ ${placementId}`,
    })),
    ...extra,
  } as OfferInput;
}

export function cap(id: string, extra: Partial<CapRuleInput> = {}): CapRuleInput {
  return { id, event: "decision", scope: "profile", limit: 1, ...extra };
}

export interface LibraryOptions {
  offers: OfferInput[];
  groups?: {
    collectionId: string;
    rule?: { expression: string };
    ranking?: { method: "priority" } | { method: "formula"; expression: string };
  }[][];
  collections?: LibraryBundleInput["collections"];
  allowDuplicates?: boolean;
  itemCount?: number;
}

/** One live decision "d" with scopes "top" and "side" over collection "all" (every offer), fallback "fb". */
export function library(opts: LibraryOptions): LibraryBundleInput {
  const groups = opts.groups ?? [[{ collectionId: "all" }]];
  return {
    version: 1,
    placements: PLACEMENTS.map((id) => ({
      id,
      name: id,
      channel: "web" as const,
      contentType: "text" as const,
      itemCount: opts.itemCount ?? 2,
      allowDuplicates: opts.allowDuplicates ?? false,
    })),
    offers: [
      ...opts.offers,
      {
        id: "fb",
        name: "Fallback",
        kind: "fallback",
        status: "approved",
        representations: PLACEMENTS.map((placementId) => ({
          placementId,
          type: "text" as const,
          content: "fallback",
        })),
      },
    ],
    collections: opts.collections ?? [
      { id: "all", name: "All", kind: "static", offerIds: opts.offers.map((o) => o.id) },
    ],
    decisions: [
      {
        id: "d",
        name: "Decision",
        status: "live",
        fallbackOfferId: "fb",
        scopes: PLACEMENTS.map((placementId) => ({
          placementId,
          groups: groups.map((criteria) => ({ criteria })),
        })),
      },
    ],
  };
}

export const twoScopes = (itemCount = 2) => [
  { decisionId: "d", placementId: "top", itemCount },
  { decisionId: "d", placementId: "side", itemCount },
];
