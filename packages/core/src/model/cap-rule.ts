import { z } from "zod";
import { Id } from "./common.js";

export const CapEvent = z.union([
  z.enum(["decision", "display", "interact"]),
  z.object({ custom: z.string().min(1).max(100) }).strict(),
]);
export type CapEvent = z.infer<typeof CapEvent>;

export const Weekday = z.enum([
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
]);
export type Weekday = z.infer<typeof Weekday>;

/** ISO 8601 duration limited to weeks, days, hours, minutes, seconds: P7D, PT12H, P1DT6H. */
export const IsoDuration = z
  .string()
  .regex(
    /^P(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/,
    "must be an ISO 8601 duration like P7D or PT12H",
  )
  .refine((s) => s !== "P" && !s.endsWith("T"), "must be an ISO 8601 duration like P7D or PT12H");

export const CalendarWindow = z
  .object({
    type: z.literal("calendar"),
    unit: z.enum(["day", "week", "month"]),
    count: z.int().min(1).max(366).default(1),
    /** IANA time zone in which day/week/month boundaries fall. */
    timeZone: z.string().default("UTC"),
    weekStart: Weekday.default("monday"),
  })
  .strict();

export const RollingWindow = z
  .object({ type: z.literal("rolling"), duration: IsoDuration })
  .strict();

export const CapWindow = z.discriminatedUnion("type", [CalendarWindow, RollingWindow]);
export type CapWindow = z.infer<typeof CapWindow>;

/**
 * A limit on how often an offer may be proposed / shown / clicked, per profile or in total.
 * Without a window the cap counts over the offer's whole life.
 * placements: "all" = one counter across placements, "each" = one counter per placement,
 * [ids] = only events in those placements count (one shared counter).
 */
export const CapRule = z
  .object({
    id: Id,
    event: CapEvent,
    scope: z.enum(["profile", "global"]),
    limit: z.int().min(1),
    window: CapWindow.optional(),
    placements: z.union([z.enum(["all", "each"]), z.array(Id).min(1)]).default("all"),
  })
  .strict();
export type CapRule = z.infer<typeof CapRule>;
export type CapRuleInput = z.input<typeof CapRule>;
