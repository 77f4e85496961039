import { z } from "zod";
import { OfferkitError } from "@offerkit/core";
import { defineRoute, type Route } from "../http/route.js";
import type { ServerServices } from "../server/server-services.js";

const Health = z.object({ status: z.literal("ok") });
const Readiness = z.object({ status: z.literal("ready"), libraryVersion: z.int() });

/** Liveness, readiness and Prometheus metrics. */
export function opsRoutes(services: ServerServices): Route[] {
  return [
    defineRoute({
      method: "GET",
      path: "/healthz",
      operationId: "health",
      summary: "Liveness: the process answers",
      tag: "ops",
      scope: "public",
      responses: { 200: { description: "Alive", schema: Health } },
      handle: () => ({ body: { status: "ok" } }),
    }),
    defineRoute({
      method: "GET",
      path: "/readyz",
      operationId: "ready",
      summary: "Readiness: library loaded, database (and Redis) answering, not shutting down",
      tag: "ops",
      scope: "public",
      responses: { 200: { description: "Ready for traffic", schema: Readiness } },
      errorStatuses: [503],
      handle: async () => {
        if (services.isDraining()) throw new OfferkitError("UNAVAILABLE", "shutting down");
        if (!services.isReady())
          throw new OfferkitError("UNAVAILABLE", "starting: library not loaded yet");
        try {
          await services.stores.ping();
        } catch (error) {
          throw new OfferkitError("UNAVAILABLE", `store unavailable: ${(error as Error).message}`, {
            cause: error,
          });
        }
        return { body: { status: "ready", libraryVersion: services.engine.libraryVersion } };
      },
    }),
    defineRoute({
      method: "GET",
      path: "/metrics",
      operationId: "metrics",
      summary:
        "Prometheus metrics (text format 0.0.4); needs an admin key unless the server runs with publicMetrics",
      tag: "ops",
      scope: services.publicMetrics ? "public" : "admin",
      responses: { 200: { description: "Prometheus exposition text" } },
      handle: () => {
        services.metrics.libraryVersion.set(services.engine.libraryVersion);
        return {
          text: services.metrics.render(),
          contentType: "text/plain; version=0.0.4; charset=utf-8",
        };
      },
    }),
  ];
}
