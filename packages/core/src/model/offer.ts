import { z } from "zod";
import { Attributes, DateTime, Id, Meta, Tag } from "./common.js";
import { Representation } from "./representation.js";
import { RuleRef } from "./rule.js";
import { CapRule } from "./cap-rule.js";

export const MAX_CAPS_PER_OFFER = 10;

export const OfferStatus = z.enum(["draft", "approved", "archived"]);
export type OfferStatus = z.infer<typeof OfferStatus>;

const offerCommon = {
  id: Id,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  status: OfferStatus.default("draft"),
  tags: z.array(Tag).max(20).default([]),
  attributes: Attributes.default({}),
  representations: z.array(Representation).max(50).default([]),
  ...Meta,
};

/** An offer the engine may propose: dates, priority, eligibility and caps apply. */
export const PersonalizedOffer = z.object({
  ...offerCommon,
  kind: z.literal("personalized").default("personalized"),
  /** Inclusive start, exclusive end: the offer is selectable in [startDate, endDate). */
  startDate: DateTime.optional(),
  endDate: DateTime.optional(),
  /** Higher wins under priority ranking. */
  priority: z.int().min(0).max(1_000_000).default(0),
  eligibility: RuleRef.optional(),
  caps: z
    .array(CapRule)
    .max(MAX_CAPS_PER_OFFER, `at most ${MAX_CAPS_PER_OFFER} caps per offer`)
    .default([]),
});
export type PersonalizedOffer = z.infer<typeof PersonalizedOffer>;

/** Content-only last resort: no rules, dates, priority or caps. */
export const FallbackOffer = z.object({ ...offerCommon, kind: z.literal("fallback") }).strict();
export type FallbackOffer = z.infer<typeof FallbackOffer>;

export const Offer = z.discriminatedUnion("kind", [FallbackOffer, PersonalizedOffer]);
export type Offer = z.infer<typeof Offer>;
export type OfferInput = z.input<typeof Offer>;

export function isFallbackOffer(offer: Offer): offer is FallbackOffer {
  return offer.kind === "fallback";
}
