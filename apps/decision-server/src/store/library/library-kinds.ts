import type { z } from "zod";
import {
  Collection,
  Decision,
  DecisionStatus,
  FallbackOffer,
  OfferStatus,
  PersonalizedOffer,
  Placement,
  RankingFormula,
  Rule,
  type Offer,
} from "@offerkit/core";
import type { LibraryKind, LibraryObjectOf } from "../types.js";

export const LIBRARY_KINDS: readonly LibraryKind[] = [
  "offers",
  "placements",
  "collections",
  "rules",
  "rankingFormulas",
  "decisions",
];

/** Columns kept beside the JSON body so lists can filter and sort in SQL. */
export interface IndexedColumns {
  name: string;
  status: string | null;
  subkind: string | null;
  tags: string[];
  priority: number;
}

export interface KindSpec<K extends LibraryKind> {
  kind: K;
  /** Singular, for messages: "offer", "ranking formula". */
  noun: string;
  /** The zod schema for one object given its raw input (offers pick by `kind` so errors keep their paths). */
  schemaFor(input: unknown): z.ZodType<LibraryObjectOf[K]>;
  columns(item: LibraryObjectOf[K]): IndexedColumns;
  /** Allowed values of the list filters; absent = the filter does not apply to this kind. */
  statuses?: readonly string[];
  subkinds?: readonly string[];
  tags?: true;
  priority?: true;
}

const plain = (item: { name: string }): IndexedColumns => ({
  name: item.name,
  status: null,
  subkind: null,
  tags: [],
  priority: 0,
});

const offers: KindSpec<"offers"> = {
  kind: "offers",
  noun: "offer",
  // A plain union would report a bad offer as "Invalid input" at the root; choosing the branch by
  // `kind` keeps the failing path (e.g. caps.0.limit).
  schemaFor: (input) =>
    (isObject(input) && input["kind"] === "fallback"
      ? FallbackOffer
      : PersonalizedOffer) as z.ZodType<Offer>,
  columns: (offer) => ({
    name: offer.name,
    status: offer.status,
    subkind: offer.kind,
    tags: [...offer.tags],
    priority: offer.kind === "fallback" ? 0 : offer.priority,
  }),
  statuses: OfferStatus.options,
  subkinds: ["personalized", "fallback"],
  tags: true,
  priority: true,
};

const placements: KindSpec<"placements"> = {
  kind: "placements",
  noun: "placement",
  schemaFor: () => Placement,
  columns: plain,
};

const collections: KindSpec<"collections"> = {
  kind: "collections",
  noun: "collection",
  schemaFor: () => Collection,
  columns: (c) => ({ ...plain(c), subkind: c.kind }),
  subkinds: ["static", "dynamic"],
};

const rules: KindSpec<"rules"> = {
  kind: "rules",
  noun: "rule",
  schemaFor: () => Rule,
  columns: plain,
};

const rankingFormulas: KindSpec<"rankingFormulas"> = {
  kind: "rankingFormulas",
  noun: "ranking formula",
  schemaFor: () => RankingFormula,
  columns: plain,
};

const decisions: KindSpec<"decisions"> = {
  kind: "decisions",
  noun: "decision",
  schemaFor: () => Decision,
  columns: (d) => ({ ...plain(d), status: d.status }),
  statuses: DecisionStatus.options,
};

const SPECS: { [K in LibraryKind]: KindSpec<K> } = {
  offers,
  placements,
  collections,
  rules,
  rankingFormulas,
  decisions,
};

export function kindSpec<K extends LibraryKind>(kind: K): KindSpec<K> {
  return SPECS[kind];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
