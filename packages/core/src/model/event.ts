import { z } from "zod";
import { DateTime, Id, JsonObject } from "./common.js";

const eventCommon = {
  /** Client-chosen unique id: events are idempotent by id. */
  id: z.string().min(1).max(128),
  timestamp: DateTime,
  profileId: z.string().min(1).max(256),
  propositionId: z.string().min(1).max(128),
  decisionId: Id,
  placementId: Id,
};

/** Emitted by the engine for every non-dry-run proposition. */
export const DecisionEvent = z
  .object({
    ...eventCommon,
    type: z.literal("decision"),
    items: z.array(
      z.object({
        offerId: Id,
        score: z.number(),
        propensity: z.number(),
        segment: z.string().optional(),
      }),
    ),
    fallbackOfferId: Id.optional(),
    libraryVersion: z.int(),
    /** The profile was held out of the decision (control group). */
    holdout: z.literal(true).optional(),
    /** What replay needs to decide the same request again with another library. */
    profileAttributes: JsonObject.optional(),
    context: JsonObject.optional(),
    itemCount: z.int().optional(),
  })
  .strict();
export type DecisionEvent = z.infer<typeof DecisionEvent>;

/** Echo of a proposition item's `segment`: teaches that segment's bandit arm too. */
const segment = { segment: z.string().min(1).max(256).optional() };

/** The offer was seen (impression). */
export const DisplayEvent = z
  .object({ ...eventCommon, type: z.literal("display"), offerId: Id, ...segment })
  .strict();
export type DisplayEvent = z.infer<typeof DisplayEvent>;
/** The offer was clicked or otherwise engaged with. */
export const InteractEvent = z
  .object({ ...eventCommon, type: z.literal("interact"), offerId: Id, ...segment })
  .strict();
export type InteractEvent = z.infer<typeof InteractEvent>;
/** Anything else worth counting (redemption, conversion …), named. */
export const CustomEvent = z
  .object({
    ...eventCommon,
    type: z.literal("custom"),
    name: z.string().min(1).max(100),
    offerId: Id,
    ...segment,
  })
  .strict();

export type CustomEvent = z.infer<typeof CustomEvent>;

export const FeedbackEvent = z.discriminatedUnion("type", [
  DisplayEvent,
  InteractEvent,
  CustomEvent,
]);
export type FeedbackEvent = z.infer<typeof FeedbackEvent>;

export const OfferEvent = z.discriminatedUnion("type", [
  DecisionEvent,
  DisplayEvent,
  InteractEvent,
  CustomEvent,
]);
export type OfferEvent = z.infer<typeof OfferEvent>;

export const EventBatch = z.object({ events: z.array(FeedbackEvent).min(1).max(1000) }).strict();
export type EventBatch = z.infer<typeof EventBatch>;
