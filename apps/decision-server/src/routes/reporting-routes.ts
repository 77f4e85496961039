import { z } from "zod";
import { DateTime } from "@offerkit/core";
import { defineRoute, type Route } from "../http/route.js";
import type { ServerServices } from "../server/server-services.js";
import type { CapRejectionRecorder } from "../store/reporting/cap-rejection-recorder.js";
import { exportEventLines } from "../store/reporting/event-export.js";
import { IsoDay, OfferReport, OfferReportQuery } from "../store/reporting/offer-report-schema.js";
import { queryOfferReport } from "../store/reporting/sql-offer-report.js";

/** A date means 00:00 UTC of that day; a date-time is taken as given. */
const Instant = z.union([IsoDay, DateTime]);

const EventExportQuery = z
  .object({
    from: Instant.describe("inclusive: YYYY-MM-DD (00:00 UTC) or an ISO 8601 date-time"),
    to: Instant.describe("exclusive: YYYY-MM-DD (00:00 UTC) or an ISO 8601 date-time"),
    type: z.enum(["decision", "display", "interact", "custom"]).optional(),
    decisionId: z.string().min(1).max(128).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const from = Date.parse(instant(q.from));
    const to = Date.parse(instant(q.to));
    if (!Number.isNaN(from) && !Number.isNaN(to) && to <= from)
      ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  });
type EventExportQuery = z.infer<typeof EventExportQuery>;

function instant(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}

export interface ReportingRoutesOptions {
  /** Flushed before a report, so this instance's latest cap rejections are in it. */
  capRejections: CapRejectionRecorder;
}

/** Learning and insight: the per-day offer report and the raw events as JSON Lines for offline replay. */
export function reportingRoutes(
  services: ServerServices,
  options: ReportingRoutesOptions,
): Route[] {
  return [
    defineRoute<OfferReportQuery>({
      method: "GET",
      path: "/v1/reports/offers",
      operationId: "offerReport",
      summary:
        "Per day, offer and placement: decisions, fallbacks, displays, interacts, interact rate, cap rejections; per day and placement: fallback share",
      tag: "reporting",
      scope: "library:read",
      query: OfferReportQuery as unknown as z.ZodType<OfferReportQuery>,
      responses: {
        200: {
          description: "Rows with activity only (days without events are absent)",
          schema: OfferReport,
        },
      },
      handle: async ({ query }) => {
        await options.capRejections.flush();
        return { body: await queryOfferReport(services.stores.sql, query) };
      },
    }),
    defineRoute<EventExportQuery>({
      method: "GET",
      path: "/v1/events/export",
      operationId: "exportEvents",
      summary:
        "Stored events of a time range as JSON Lines (core's OfferEvent per line, oldest first), streamed — the input of `offerkit replay --events`",
      tag: "reporting",
      scope: "admin",
      query: EventExportQuery as unknown as z.ZodType<EventExportQuery>,
      responses: { 200: { description: "application/x-ndjson, one event per line" } },
      handle: ({ query }) => {
        const from = instant(query.from);
        const to = instant(query.to);
        const name = `events-${from.slice(0, 10)}-${to.slice(0, 10)}${query.type === undefined ? "" : `-${query.type}`}.jsonl`;
        return {
          contentType: "application/x-ndjson; charset=utf-8",
          headers: {
            "content-disposition": `attachment; filename="${name}"`,
            "cache-control": "no-store",
          },
          stream: exportEventLines(services.stores.sql, {
            from,
            to,
            type: query.type,
            decisionId: query.decisionId,
          }),
        };
      },
    }),
  ];
}
