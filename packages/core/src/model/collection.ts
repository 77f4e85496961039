import { z } from "zod";
import { Id, JsonValue, Meta, Tag } from "./common.js";

export const MAX_OFFERS_PER_STATIC_COLLECTION = 500;

/** A structured condition on one offer attribute (used by dynamic collections). */
export const AttributeCondition = z
  .object({
    attribute: z.string().min(1).max(64),
    op: z.enum(["eq", "neq", "in", "gt", "gte", "lt", "lte", "exists"]),
    value: JsonValue.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.op !== "exists" && c.value === undefined) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `op "${c.op}" needs a value` });
    }
    if (c.op === "in" && c.value !== undefined && !Array.isArray(c.value)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: 'op "in" needs a list value' });
    }
  });
export type AttributeCondition = z.infer<typeof AttributeCondition>;

const collectionCommon = {
  id: Id,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  ...Meta,
};

export const StaticCollection = z.object({
  ...collectionCommon,
  kind: z.literal("static"),
  offerIds: z.array(Id).max(MAX_OFFERS_PER_STATIC_COLLECTION),
});

/** Every offer carrying any / all of the tags and matching every attribute condition. */
export const DynamicCollection = z
  .object({
    ...collectionCommon,
    kind: z.literal("dynamic"),
    tagsAny: z.array(Tag).max(20).optional(),
    tagsAll: z.array(Tag).max(20).optional(),
    conditions: z.array(AttributeCondition).max(20).optional(),
  })
  .refine(
    (c) => (c.tagsAny?.length ?? 0) + (c.tagsAll?.length ?? 0) + (c.conditions?.length ?? 0) > 0,
    "a dynamic collection needs tagsAny, tagsAll or conditions",
  );

export const Collection = z.discriminatedUnion("kind", [StaticCollection, DynamicCollection]);
export type Collection = z.infer<typeof Collection>;
