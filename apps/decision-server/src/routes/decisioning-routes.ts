import { z } from "zod";
import {
  DecisionRequest,
  DecisionResponse,
  EventBatch,
  OfferEvent,
  OfferkitError,
  type DecisionResponse as Response,
} from "@offerkit/core";
import { defineRoute, type Route } from "../http/route.js";
import type { ServerServices } from "../server/server-services.js";
import type { EventQuery } from "../store/types.js";

const TrackResult = z.object({
  accepted: z.int().describe("events stored by this call"),
  duplicates: z.int().describe("events already stored earlier (same id); nothing changed for them"),
});

const EventQuerySchema = z
  .object({
    propositionId: z.string().min(1).max(128).optional(),
    profileId: z.string().min(1).max(256).optional(),
    decisionId: z.string().min(1).max(128).optional(),
    offerId: z.string().min(1).max(128).optional(),
    type: z.enum(["decision", "display", "interact", "custom"]).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict();

/** Decide, simulate and collect feedback events. No decision logic here: the engine decides. */
export function decisioningRoutes(services: ServerServices): Route[] {
  const { engine, metrics } = services;

  const countOutcomes = (response: Response): void => {
    for (const p of response.propositions)
      metrics.decisions.inc({ outcome: p.reason === "ranked" ? "items" : "fallback" });
    if (response.errors.length > 0)
      metrics.decisions.inc({ outcome: "error" }, response.errors.length);
  };

  return [
    defineRoute({
      method: "POST",
      path: "/v1/decisions",
      operationId: "decide",
      summary:
        "Decide the next best offers for one profile in one or more scopes (reserves decision caps)",
      tag: "decisioning",
      scope: "decide",
      body: { schema: DecisionRequest, validate: "handler" },
      responses: {
        200: {
          description:
            "One proposition per scope that could be decided; per-scope problems in errors",
          schema: DecisionResponse,
        },
      },
      errorStatuses: [404, 422],
      handle: async ({ body }) => {
        const response = await engine.decide(body);
        countOutcomes(response);
        if (response.propositions.length === 0 && response.errors.length > 0)
          throw allScopesFailed(body, response);
        return { body: response };
      },
    }),
    defineRoute({
      method: "POST",
      path: "/v1/simulate",
      operationId: "simulate",
      summary:
        "Decide as a dry run with a trace of every candidate (no caps reserved, no event stored)",
      tag: "decisioning",
      scope: "library:read",
      body: { schema: DecisionRequest, validate: "here" },
      responses: {
        200: { description: "Propositions, scope errors and the trace", schema: DecisionResponse },
      },
      handle: async ({ body }) => {
        const request = body as z.infer<typeof DecisionRequest>;
        const response = await engine.decide({
          ...request,
          options: { ...request.options, dryRun: true, explain: true },
        });
        return { body: response };
      },
    }),
    defineRoute({
      method: "POST",
      path: "/v1/events",
      operationId: "trackEvents",
      summary:
        "Record display / interact / custom events (idempotent by event id); counts them against caps",
      tag: "decisioning",
      scope: "track",
      body: { schema: EventBatch, validate: "here" },
      responses: { 200: { description: "Stored before this answer is sent", schema: TrackResult } },
      handle: async ({ body }) => {
        const { events } = body as z.infer<typeof EventBatch>;
        // Stored first: an acknowledged event survives a crash. Caps are counted after, idempotently by
        // id, so a client retry after a crash between the two steps completes the counting.
        const stored = await services.stores.events.append(events);
        await engine.track(events);
        for (const e of events)
          metrics.eventsAccepted.inc({
            type: e.type,
            result: stored.duplicates.includes(e.id) ? "duplicate" : "inserted",
          });
        return { body: { accepted: stored.inserted.length, duplicates: stored.duplicates.length } };
      },
    }),
    defineRoute<EventQuery>({
      method: "GET",
      path: "/v1/events",
      operationId: "listEvents",
      summary: "Stored events (decision and feedback), oldest first, cursor paging",
      tag: "decisioning",
      scope: "admin",
      query: EventQuerySchema as z.ZodType<EventQuery>,
      responses: {
        200: {
          description: "One page",
          schema: z.object({ items: z.array(OfferEvent), nextCursor: z.string().optional() }),
        },
      },
      handle: async ({ query }) => ({ body: await services.stores.events.query(query) }),
    }),
  ];
}

/** When no scope could be decided the request as a whole failed: the first scope's code, every scope located. */
function allScopesFailed(body: unknown, response: Response): OfferkitError {
  const scopes = (body as { scopes: { decisionId: string; placementId: string }[] }).scopes;
  const issues = response.errors.map((e) => {
    const index = scopes.findIndex(
      (s) => s.decisionId === e.decisionId && s.placementId === e.placementId,
    );
    return { path: ["scopes", index] as (string | number)[], message: `${e.code}: ${e.message}` };
  });
  const first = response.errors[0]!;
  return new OfferkitError(first.code, first.message, { issues });
}
