import { z } from "zod";
import { Id, JsonValue } from "./common.js";

export const ContentType = z.enum(["text", "html", "image", "json"]);
export type ContentType = z.infer<typeof ContentType>;

/**
 * An offer's content for one placement. Content is inline (`content`) or by reference (`url`);
 * images are always by URL. `linkUrl` is the click-through destination.
 */
export const Representation = z
  .object({
    placementId: Id,
    type: ContentType,
    content: JsonValue.optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    linkUrl: z.url({ protocol: /^https?$/ }).optional(),
    altText: z.string().max(500).optional(),
    language: z.array(z.string().min(2).max(35)).max(20).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.type === "image" && r.url === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["url"],
        message: "an image representation needs a url",
      });
    }
    if (r.type !== "image" && r.content === undefined && r.url === undefined) {
      ctx.addIssue({ code: "custom", path: ["content"], message: "needs inline content or a url" });
    }
    if (
      (r.type === "text" || r.type === "html") &&
      r.content !== undefined &&
      typeof r.content !== "string"
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["content"],
        message: `${r.type} content must be a string`,
      });
    }
  });
export type Representation = z.infer<typeof Representation>;
