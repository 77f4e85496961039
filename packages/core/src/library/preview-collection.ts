import { z } from "zod";
import { OfferkitError } from "../errors/offerkit-error.js";
import { Id, Tag } from "../model/common.js";
import {
  AttributeCondition,
  MAX_OFFERS_PER_STATIC_COLLECTION,
  type Collection,
} from "../model/collection.js";
import { collectionMembers } from "./collection-members.js";
import type { CompiledLibrary } from "./compiled-library.js";

/** How many member offers a preview lists (the count covers all of them). */
export const COLLECTION_PREVIEW_LIMIT = 20;

// A collection definition being edited: id, name and description may be there, unsaved and unchecked.
const draftFields = {
  id: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
};

export const CollectionPreviewRequest = z.discriminatedUnion("kind", [
  z
    .object({
      ...draftFields,
      kind: z.literal("static"),
      offerIds: z.array(Id).max(MAX_OFFERS_PER_STATIC_COLLECTION),
    })
    .strict(),
  z
    .object({
      ...draftFields,
      kind: z.literal("dynamic"),
      tagsAny: z.array(Tag).max(20).optional(),
      tagsAll: z.array(Tag).max(20).optional(),
      conditions: z.array(AttributeCondition).max(20).optional(),
    })
    .strict(),
]);
export type CollectionPreviewRequest = z.infer<typeof CollectionPreviewRequest>;

export const CollectionPreview = z.object({
  /** Member offers (personalized offers of any status; the pipeline later keeps approved ones). */
  count: z.int(),
  approvedCount: z.int(),
  /** The first members, in the order the pipeline walks them. */
  offers: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
  /** Static lists: ids that are not personalized offers of the library (they never match). */
  unknownOfferIds: z.array(z.string()),
  /** A dynamic definition without tags or conditions cannot be saved (it would hold everything). */
  emptyFilter: z.boolean(),
});
export type CollectionPreview = z.infer<typeof CollectionPreview>;

/** Which offers of the library a (possibly unsaved) collection definition holds. */
export function previewCollection(library: CompiledLibrary, input: unknown): CollectionPreview {
  const parsed = CollectionPreviewRequest.safeParse(input);
  if (!parsed.success) throw OfferkitError.fromZod(parsed.error);
  const draft = parsed.data;
  const collection: Collection =
    draft.kind === "static"
      ? { id: "preview", name: "preview", kind: "static", offerIds: draft.offerIds }
      : {
          id: "preview",
          name: "preview",
          kind: "dynamic",
          ...(draft.tagsAny ? { tagsAny: draft.tagsAny } : {}),
          ...(draft.tagsAll ? { tagsAll: draft.tagsAll } : {}),
          ...(draft.conditions ? { conditions: draft.conditions } : {}),
        };
  const members = collectionMembers(collection, library.offers);
  const memberIds = new Set(members.map((m) => m.id));
  return {
    count: members.length,
    approvedCount: members.filter((m) => m.approved).length,
    offers: members
      .slice(0, COLLECTION_PREVIEW_LIMIT)
      .map((m) => ({ id: m.id, name: m.offer.name, status: m.offer.status })),
    unknownOfferIds:
      draft.kind === "static"
        ? [...new Set(draft.offerIds.filter((id) => !memberIds.has(id)))]
        : [],
    emptyFilter:
      draft.kind === "dynamic" &&
      (draft.tagsAny?.length ?? 0) +
        (draft.tagsAll?.length ?? 0) +
        (draft.conditions?.length ?? 0) ===
        0,
  };
}
