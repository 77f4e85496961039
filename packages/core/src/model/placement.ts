import { z } from "zod";
import { Id, Meta } from "./common.js";
import { ContentType } from "./representation.js";

export const Channel = z.enum(["web", "email", "push", "app", "sms", "other"]);
export type Channel = z.infer<typeof Channel>;

export const MAX_ITEMS_PER_SCOPE = 30;
export const MAX_ITEMS_PER_REQUEST = 100;

/** Where content goes: a channel, a content type, and request defaults. */
export const Placement = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  channel: Channel,
  contentType: ContentType,
  /** Items returned when a request does not say (1..30). */
  itemCount: z.int().min(1).max(MAX_ITEMS_PER_SCOPE).default(1),
  /** When false, any request that includes this placement disallows duplicates across scopes. */
  allowDuplicates: z.boolean().default(false),
  ...Meta,
});
export type Placement = z.infer<typeof Placement>;
export type PlacementInput = z.input<typeof Placement>;
