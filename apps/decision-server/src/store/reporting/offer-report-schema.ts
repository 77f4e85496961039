import { z } from "zod";

/** Reports span at most this many days (inclusive), so one request cannot scan years of events. */
export const MAX_REPORT_DAYS = 366;

const DAY_MS = 86_400_000;

/** A calendar day, YYYY-MM-DD, that exists (2026-02-30 does not). */
export const IsoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, "is not a calendar date");

/** An IANA time zone name as Intl knows it ("Europe/Paris", "UTC"). */
export const TimeZoneName = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "is not an IANA time zone name");

const optionalId = z.string().min(1).max(128).optional();

export const OfferReportQuery = z
  .object({
    from: IsoDay.describe("first day, inclusive"),
    to: IsoDay.describe("last day, inclusive"),
    tz: TimeZoneName.optional().describe("IANA zone the days are cut in; default UTC"),
    placementId: optionalId,
    offerId: optionalId,
    decisionId: optionalId,
  })
  .strict()
  .superRefine((q, ctx) => {
    const days = daysBetween(q.from, q.to);
    if (Number.isNaN(days)) return; // the day fields already failed
    if (days < 0)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `must not be before from (${q.from})`,
      });
    else if (days + 1 > MAX_REPORT_DAYS)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `the range is ${days + 1} days; at most ${MAX_REPORT_DAYS}`,
      });
  });
export type OfferReportQuery = z.infer<typeof OfferReportQuery>;

/** Whole days from `from` to `to` (negative when to is earlier); NaN when either is not a date. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export const OfferReportRow = z.object({
  day: z.string().describe("YYYY-MM-DD in the report's time zone"),
  offerId: z.string(),
  placementId: z
    .string()
    .nullable()
    .describe(
      "null only for cap rejections of caps that count across placements (cannot be attributed to one)",
    ),
  decisions: z.int().describe("propositions that carried the offer as an item"),
  fallbacks: z.int().describe("propositions that carried the offer as their fallback"),
  displays: z.int(),
  interacts: z.int(),
  interactRate: z
    .number()
    .nullable()
    .describe("interacts / displays; null when there were no displays"),
  capRejections: z
    .int()
    .nullable()
    .describe(
      "times the offer was dropped as a candidate because a cap was exhausted; null when filtered by decisionId (not recorded per decision)",
    ),
});
export type OfferReportRow = z.infer<typeof OfferReportRow>;

export const PlacementReportRow = z.object({
  day: z.string(),
  placementId: z.string(),
  propositions: z.int().describe("decision events (propositions served and stored)"),
  fallbacks: z.int().describe("propositions that fell back"),
  fallbackShare: z
    .number()
    .nullable()
    .describe("fallbacks / propositions; null when there were none"),
});
export type PlacementReportRow = z.infer<typeof PlacementReportRow>;

export const OfferReport = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  rows: z
    .array(OfferReportRow)
    .describe(
      "one per (day, offerId, placementId) with any activity, ordered by day, placementId, offerId",
    ),
  placements: z.array(PlacementReportRow).describe("one per (day, placementId) with propositions"),
});
export type OfferReport = z.infer<typeof OfferReport>;
