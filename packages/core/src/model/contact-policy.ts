import { z } from "zod";
import { Id, Meta, Tag } from "./common.js";

/** The outcome that starts a suppression: a display, an interaction, or a named custom event. */
export const ContactPolicyOutcome = z.union([
  z.enum(["display", "interact"]),
  z.object({ custom: z.string().min(1).max(100) }).strict(),
]);
export type ContactPolicyOutcome = z.infer<typeof ContactPolicyOutcome>;

export const MAX_SUPPRESSION_DAYS = 3650;

/**
 * Pega-style suppression: after `outcome` on the target offer (or on any offer carrying the target
 * tag), the target is not proposed to that profile for `days` rolling 24-hour days (exact to the
 * millisecond; see docs/learning.md). With `placements`, only outcomes in those placements count
 * and only decisions in those placements are suppressed.
 */
export const ContactPolicy = z
  .object({
    id: Id,
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    target: z.union([z.object({ offerId: Id }).strict(), z.object({ tag: Tag }).strict()]),
    outcome: ContactPolicyOutcome,
    days: z.int().min(1).max(MAX_SUPPRESSION_DAYS),
    placements: z.array(Id).min(1).max(100).optional(),
    ...Meta,
  })
  .strict();
export type ContactPolicy = z.infer<typeof ContactPolicy>;
export type ContactPolicyInput = z.input<typeof ContactPolicy>;
