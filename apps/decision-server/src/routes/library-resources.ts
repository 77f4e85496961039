import { z } from "zod";
import {
  Collection,
  Decision,
  DecisionStatus,
  Offer,
  OfferStatus,
  Placement,
  RankingFormula,
  Rule,
  Tag,
} from "@offerkit/core";
import type { LibraryKind } from "../store/types.js";

/** One Offer Library resource as the HTTP API names it. */
export interface LibraryResource {
  kind: LibraryKind;
  /** URL segment under /v1. */
  segment: string;
  /** Singular, for operation ids and messages. */
  singular: string;
  schema: z.ZodType;
  /** Filters the list operation accepts besides q / orderBy / direction / limit / cursor. */
  statusFilter?: z.ZodType;
  kindFilter?: z.ZodType;
  tagFilter?: boolean;
}

/**
 * Decisions live at /v1/decision-configs because POST /v1/decisions is the decisioning call: the
 * resource is the decision's configuration (Adobe's "offer activity"), the call makes a decision.
 */
export const LIBRARY_RESOURCES: readonly LibraryResource[] = [
  {
    kind: "offers",
    segment: "offers",
    singular: "Offer",
    schema: Offer,
    statusFilter: OfferStatus,
    kindFilter: z.enum(["personalized", "fallback"]),
    tagFilter: true,
  },
  { kind: "placements", segment: "placements", singular: "Placement", schema: Placement },
  {
    kind: "collections",
    segment: "collections",
    singular: "Collection",
    schema: Collection,
    kindFilter: z.enum(["static", "dynamic"]),
  },
  { kind: "rules", segment: "rules", singular: "Rule", schema: Rule },
  {
    kind: "rankingFormulas",
    segment: "ranking-formulas",
    singular: "RankingFormula",
    schema: RankingFormula,
  },
  {
    kind: "decisions",
    segment: "decision-configs",
    singular: "DecisionConfig",
    schema: Decision,
    statusFilter: DecisionStatus,
  },
];

/** The list query of one resource: unknown parameters are refused so typos do not silently match all. */
export function listQuerySchema(resource: LibraryResource): z.ZodType {
  return z
    .object({
      ...(resource.statusFilter ? { status: resource.statusFilter.optional() } : {}),
      ...(resource.kindFilter ? { kind: resource.kindFilter.optional() } : {}),
      ...(resource.tagFilter ? { tag: Tag.optional() } : {}),
      q: z.string().min(1).max(200).optional().describe("case-insensitive substring of the name"),
      orderBy: z
        .enum(
          resource.kind === "offers"
            ? ["id", "name", "createdAt", "updatedAt", "priority"]
            : ["id", "name", "createdAt", "updatedAt"],
        )
        .optional(),
      direction: z.enum(["asc", "desc"]).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
      cursor: z.string().min(1).max(2000).optional().describe("nextCursor of the previous page"),
    })
    .strict();
}
