import { createServer, type Server as HttpServer } from "node:http";
import { createOfferLibraryHandler } from "@offerkit/offer-library";
import { Server, type AddressInfo, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  DecisionEngine,
  type DecisionEventProfile,
  type EventSink,
  type OfferEvent,
} from "@offerkit/core";
import type { EmailSigningKey } from "@offerkit/email/tracking";
import { CachedKeyVerifier } from "../auth/cached-key-verifier.js";
import { TokenBucketLimiter } from "../auth/token-bucket-limiter.js";
import { GroupCommitEventSink } from "../engine/group-commit-event-sink.js";
import { LibrarySync } from "../engine/library-sync.js";
import { MeteredCounterStore } from "../engine/metered-counter-store.js";
import { defineRoute } from "../http/route.js";
import { Router } from "../http/router.js";
import { buildOpenApiDocument } from "../openapi/openapi-document.js";
import { errorFields, JsonLogger } from "../ops/json-logger.js";
import { ServerMetrics } from "../ops/server-metrics.js";
import { apiKeyRoutes } from "../routes/api-key-routes.js";
import { authoringRoutes } from "../routes/authoring-routes.js";
import { decisioningRoutes } from "../routes/decisioning-routes.js";
import { emailRoutes } from "../routes/email-routes.js";
import { libraryBundleRoutes } from "../routes/library-bundle-routes.js";
import { libraryRoutes } from "../routes/library-routes.js";
import { opsRoutes } from "../routes/ops-routes.js";
import { reportingRoutes } from "../routes/reporting-routes.js";
import { batchDecisionRoutes } from "../routes/batch-decision-routes.js";
import { BatchDecisionRunner } from "../jobs/batch-decision-runner.js";
import { defaultBatchDir } from "../jobs/batch-dir.js";
import { SqlBatchJobStore } from "../store/batch-jobs/sql-batch-job-store.js";
import { CapRejectionRecorder } from "../store/reporting/cap-rejection-recorder.js";
import type { RateLimitSetting, Stores } from "../store/types.js";
import { createRequestHandler } from "./request-handler.js";
import type { ServerServices } from "./server-services.js";

export const SERVER_VERSION = "0.1.0";

export interface DecisionServerOptions {
  stores: Stores;
  /** Default 127.0.0.1 (set 0.0.0.0 to accept other hosts). */
  host?: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Largest request body, bytes (413 beyond). Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Largest library import / validate body, bytes. Default 32 MiB. */
  importLimitBytes?: number;
  /** For keys without their own limit; default none. */
  defaultRateLimit?: RateLimitSetting;
  /** How long a verified (or unknown) key is remembered; revocations take effect within this. Default 5 s. */
  keyCacheTtlMs?: number;
  corsOrigins?: string[];
  /** GET /metrics without a key. Default false (admin key needed). */
  publicMetrics?: boolean;
  /** One JSON line per request. Default true. */
  requestLogs?: boolean;
  /**
   * Whether stored decision events keep the request's profile attributes and context ("full", the
   * default: offline replay needs them) or only ids, items, scores and propensities ("none").
   */
  decisionEventProfile?: DecisionEventProfile;
  logger?: JsonLogger;
  /** How long shutdown waits for in-flight requests. Default 10 s. */
  shutdownGraceMs?: number;
  /**
   * At most how long a stopping server keeps accepting (answering with Connection: close) while
   * connections still arrive, before it stops listening. Default 5 s.
   */
  drainDelayMs?: number;
  /** Safety-net poll of the library version (NOTIFY does the fast path). Default 1 s. */
  libraryPollIntervalMs?: number;
  /** Keys email tracking links are signed with (first signs, all verify); without them no email link verifies. */
  emailSigningKeys?: readonly EmailSigningKey[];
  /** Batch audiences and outputs; default OFFERKIT_BATCH_DIR, else <OFFERKIT_DATA_DIR or ./.data>/batch. */
  batchDir?: string;
}

export interface RunningDecisionServer {
  readonly url: string;
  readonly port: number;
  readonly engine: DecisionEngine;
  readonly metrics: ServerMetrics;
  readonly httpServer: HttpServer;
  /** Stops accepting, drains in-flight requests, flushes events; does not close the stores. */
  close(): Promise<void>;
}

/** Wires stores, engine, library sync, auth and routes onto node:http and starts listening. */
export async function startDecisionServer(
  options: DecisionServerOptions,
): Promise<RunningDecisionServer> {
  const { stores } = options;
  const logger = options.logger ?? new JsonLogger();
  const metrics = new ServerMetrics();
  const sink = new GroupCommitEventSink(stores.events, (events, duplicates) => {
    metrics.eventsAccepted.inc(
      { type: "decision", result: "inserted" },
      events.length - duplicates,
    );
  });
  // The engine also emits feedback events after track(); the events route stores those itself first.
  const decisionEventsOnly: EventSink = {
    emit: (events: readonly OfferEvent[]) => sink.emit(events.filter((e) => e.type === "decision")),
  };
  // Cap rejections per offer and hour for GET /v1/reports/offers (written in batches, off the hot path).
  const capRejections = new CapRejectionRecorder(stores.sql, {
    onError: (error) => logger.error("cap rejection counts not written", errorFields(error)),
  });
  const engine = new DecisionEngine({
    counterStore: new MeteredCounterStore(
      capRejections.wrap(stores.counters),
      metrics.capRejections,
    ),
    eventSink: decisionEventsOnly,
    decisionEventProfile: options.decisionEventProfile ?? "full",
  });
  const sync = new LibrarySync(
    stores.library,
    engine,
    logger,
    {
      onSwapped: (version) => {
        metrics.libraryVersion.set(version);
        metrics.librarySwaps.inc({ result: "swapped" });
      },
      onRejected: () => metrics.librarySwaps.inc({ result: "rejected" }),
    },
    options.libraryPollIntervalMs ?? 1000,
  );
  const keys = new CachedKeyVerifier(stores.apiKeys, options.keyCacheTtlMs ?? 5000);
  let ready = false;
  let draining = false;

  const services: ServerServices = {
    stores,
    engine,
    sync,
    metrics,
    keys,
    isReady: () => ready,
    isDraining: () => draining,
    publicMetrics: options.publicMetrics ?? false,
    importLimitBytes: options.importLimitBytes ?? 32 * 1024 * 1024,
  };
  const batchDir = options.batchDir ?? defaultBatchDir();
  const batchJobs = new SqlBatchJobStore(stores.sql);
  const batchRunner = new BatchDecisionRunner({
    jobs: batchJobs,
    liveEngine: engine,
    counters: stores.counters,
    events: stores.events,
    batchDir,
    onError: (error) => logger.error("batch decision job failed", errorFields(error)),
  });
  const router = new Router();
  for (const route of [
    ...decisioningRoutes(services),
    ...libraryRoutes(services),
    ...libraryBundleRoutes(services),
    ...authoringRoutes(services),
    ...apiKeyRoutes(services),
    ...opsRoutes(services),
    ...emailRoutes(services, { signingKeys: options.emailSigningKeys }),
    ...reportingRoutes(services, { capRejections }),
    ...batchDecisionRoutes({ runner: batchRunner, jobs: batchJobs, batchDir }),
  ]) {
    router.add(route);
  }
  let openApiText: string | undefined;
  router.add(
    defineRoute({
      method: "GET",
      path: "/v1/openapi.json",
      operationId: "openApiDocument",
      summary: "This document",
      tag: "ops",
      scope: "public",
      responses: { 200: { description: "OpenAPI 3.1" } },
      handle: () => {
        openApiText ??= JSON.stringify(
          buildOpenApiDocument(router.routes(), { version: SERVER_VERSION }),
        );
        return { text: openApiText, contentType: "application/json; charset=utf-8" };
      },
    }),
  );

  const handler = createRequestHandler({
    router,
    keys,
    limiter: new TokenBucketLimiter(),
    metrics,
    logger,
    bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    defaultRateLimit: options.defaultRateLimit,
    corsOrigins: options.corsOrigins ?? [],
    requestLogs: options.requestLogs ?? true,
    isDraining: () => draining,
  });

  await sync.start();
  capRejections.start();
  await batchRunner.start();
  ready = true;

  // The Offer Library UI is static files under /ui (it talks to this server's public API like any client).
  const serveUi = createOfferLibraryHandler({ mountPath: "/ui" });
  const httpServer = createServer(
    { keepAliveTimeout: 5000, requestTimeout: 30_000, headersTimeout: 10_000 },
    (req, res) => {
      // Only paths under /ui can be the UI's: the API skips its URL parse and promise turn.
      if (req.url?.startsWith("/ui") !== true) return void handler(req, res);
      void serveUi(req, res).then(
        (served) => {
          if (!served) void handler(req, res);
        },
        () => void handler(req, res),
      );
    },
  );
  // Malformed HTTP never reaches the handler: answer 400 in our shape and close.
  httpServer.on("clientError", (_error, socket) => {
    if (socket.writable) {
      const body = JSON.stringify({
        error: { code: "BAD_REQUEST", message: "malformed HTTP request" },
      });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    } else {
      socket.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? 3000, options.host ?? "127.0.0.1", () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`;

  // Sockets are tracked so shutdown can close idle keep-alive connections without cutting requests.
  const sockets = new Set<Socket>();
  let lastConnectionAt = 0;
  httpServer.on("connection", (socket: Socket) => {
    lastConnectionAt = Date.now();
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  let closing: Promise<void> | undefined;
  /**
   * Graceful shutdown: (1) draining — readyz answers 503 and every response carries Connection: close,
   * while the listener still accepts until no connection arrived for 250 ms (at most drainDelayMs), so
   * connections the kernel has queued are served, not reset; (2) stop listening; (3) wait for in-flight requests, closing keep-alive
   * connections once idle; (4) after shutdownGraceMs close whatever is left; then flush events.
   */
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      draining = true;
      const drainUntil = Date.now() + (options.drainDelayMs ?? 5000);
      do await sleep(50);
      while (Date.now() - lastConnectionAt < 250 && Date.now() < drainUntil);
      // net.Server's close, not http.Server's: the latter also drops connections whose request bytes
      // have arrived but are not parsed yet.
      const closed = new Promise<void>((resolve) =>
        Server.prototype.close.call(httpServer, () => resolve()),
      );
      const listenerClosedAt = Date.now();
      const deadline = listenerClosedAt + (options.shutdownGraceMs ?? 10_000);
      while ((handler.inflight() > 0 || sockets.size > 0) && Date.now() < deadline) {
        if (Date.now() - listenerClosedAt > 200) httpServer.closeIdleConnections();
        await sleep(10);
      }
      httpServer.closeAllConnections();
      await closed;
      await batchRunner
        .close()
        .catch((error: unknown) =>
          logger.error("batch jobs not marked interrupted", errorFields(error)),
        );
      await sync.stop();
      await sink.flush();
      await capRejections
        .close()
        .catch((error: unknown) =>
          logger.error("cap rejection counts not written", errorFields(error)),
        );
      logger.flush();
    })());

  return { url, port: address.port, engine, metrics, httpServer, close };
}
