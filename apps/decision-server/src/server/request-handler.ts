import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { OfferkitError } from "@offerkit/core";
import { badRequest, errorReply } from "../http/api-error.js";
import { parseQueryString } from "../http/query-string.js";
import { readJsonBody, readTextBody } from "../http/read-json-body.js";
import type { Route, RouteReply } from "../http/route.js";
import type { Router } from "../http/router.js";
import { bearerToken } from "../auth/bearer-token.js";
import type { CachedKeyVerifier } from "../auth/cached-key-verifier.js";
import { keyHasScope } from "../auth/scope-check.js";
import type { TokenBucketLimiter } from "../auth/token-bucket-limiter.js";
import type { ApiKeyInfo, RateLimitSetting } from "../store/types.js";
import { errorFields, type JsonLogger } from "../ops/json-logger.js";
import type { HistogramSeries } from "../ops/prometheus-registry.js";
import type { ServerMetrics } from "../ops/server-metrics.js";

export interface RequestHandlerOptions {
  router: Router;
  keys: CachedKeyVerifier;
  limiter: TokenBucketLimiter;
  metrics: ServerMetrics;
  logger: JsonLogger;
  bodyLimitBytes: number;
  /** Applied to keys that carry no rate limit of their own; undefined = unlimited. */
  defaultRateLimit: RateLimitSetting | undefined;
  /** Origins allowed to call from browsers ("*" for any); empty = no CORS headers. */
  corsOrigins: readonly string[];
  /** One structured line per request (off for benchmarks of the bare path). */
  requestLogs: boolean;
  /** True once shutdown began: responses ask clients to close their connections. */
  isDraining(): boolean;
}

export interface RequestHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Requests being handled right now (graceful shutdown waits for 0). */
  inflight(): number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The one request path: route → auth (key, scope, rate) → body/query → handler → JSON reply, with every
 * failure turned into the error shape of DESIGN.md by core's httpStatusOf. Never lets a throw escape.
 */
export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  const { router, metrics, logger } = options;
  let inflight = 0;
  // Label sets repeat (route × method × status): resolve each once.
  const latencySeries = new Map<string, HistogramSeries>();
  const observeLatency = (method: string, route: string, status: number, seconds: number): void => {
    const key = `${method} ${route} ${status}`;
    let series = latencySeries.get(key);
    if (series === undefined) {
      series = metrics.requestDuration.seriesFor({ method, route, status: String(status) });
      latencySeries.set(key, series);
    }
    metrics.requestDuration.observeSeries(series, seconds);
  };

  async function authenticate(req: IncomingMessage, route: Route): Promise<ApiKeyInfo | undefined> {
    if (route.scope === "public") return undefined;
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      throw new OfferkitError("UNAUTHORIZED", "missing API key: send Authorization: Bearer <key>", {
        issues: [{ path: ["headers", "authorization"], message: "expected Bearer <key>" }],
      });
    }
    const key = await options.keys.verify(token);
    if (key === undefined) {
      throw new OfferkitError("UNAUTHORIZED", "unknown or revoked API key", {
        issues: [{ path: ["headers", "authorization"], message: "unknown or revoked API key" }],
      });
    }
    if (!keyHasScope(key, route.scope)) {
      throw new OfferkitError("FORBIDDEN", `this key lacks the "${route.scope}" scope`, {
        issues: [
          {
            path: ["headers", "authorization"],
            message: `needs scope ${route.scope}; key has ${key.scopes.join(", ")}`,
          },
        ],
      });
    }
    const limit = key.rateLimit ?? options.defaultRateLimit;
    if (limit !== undefined) {
      const decision = options.limiter.take(key.id, limit);
      if (!decision.allowed) {
        throw new OfferkitError(
          "RATE_LIMITED",
          `rate limit of ${limit.requestsPerSecond} requests/s exceeded`,
          {
            cause: { retryAfterSeconds: decision.retryAfterSeconds },
          },
        );
      }
    }
    return key;
  }

  async function run(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    log: RequestLog,
  ): Promise<void> {
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const method = req.method ?? "GET";
    if (method === "OPTIONS" && options.corsOrigins.length > 0) {
      res.writeHead(204, { ...corsHeaders(req), "access-control-max-age": "600" });
      res.end();
      log.status = 204;
      return;
    }
    const match = router.match(method, path);
    if (match.kind !== "found") {
      req.resume();
      const allowed = match.kind === "method-not-allowed" ? match.allowed.join(", ") : undefined;
      const message =
        allowed === undefined
          ? `no route ${method} ${path}`
          : `${method} is not allowed on ${path} (allowed: ${allowed})`;
      log.status = send(
        res,
        requestId,
        errorReply(new OfferkitError("NOT_FOUND", message)),
        allowed === undefined ? {} : { allow: allowed },
      );
      return;
    }
    const route = match.route;
    log.route = route.path;
    try {
      const params = decodeParams(match.params);
      const apiKey = await authenticate(req, route);
      log.keyId = apiKey?.id;
      let body: unknown;
      let text: string | undefined;
      if (route.streamBody === true) {
        // handed to the handler below, unread
      } else if (route.textBody !== undefined) {
        text = await readTextBody(req, route.textBody.limitBytes);
      } else if (route.body !== undefined) {
        body = await readJsonBody(req, route.body.limitBytes ?? options.bodyLimitBytes);
        if (body === undefined && route.body.required !== false)
          throw badRequest([], "a JSON body is required");
        if (route.body.validate === "here" && body !== undefined) {
          const parsed = route.body.schema.safeParse(body);
          if (!parsed.success) throw OfferkitError.fromZod(parsed.error);
          body = parsed.data;
        }
      } else {
        req.resume();
      }
      let query: unknown = parseQueryString(queryStart === -1 ? "" : url.slice(queryStart + 1));
      if (route.query !== undefined) {
        const parsed = route.query.safeParse(query);
        if (!parsed.success)
          throw OfferkitError.fromZod(parsed.error, "VALIDATION_FAILED", ["query"]);
        query = parsed.data;
      }
      const reply = await route.handle({
        params,
        query,
        body,
        headers: req.headers,
        apiKey,
        requestId,
        ...(text === undefined ? {} : { text }),
        ...(route.streamBody === true ? { bodyStream: req } : {}),
      });
      log.status =
        reply.stream === undefined
          ? sendReply(res, requestId, reply)
          : await sendStream(res, requestId, reply, reply.stream);
    } catch (thrown) {
      const reply = errorReply(thrown);
      if (reply.status >= 500)
        logger.error("request failed", { requestId, route: route.path, ...errorFields(thrown) });
      if (reply.status === 413 || (route.streamBody === true && !req.readableEnded))
        reply.headers.connection = "close";
      log.status = send(res, requestId, reply, {});
    }
  }

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (origin === undefined || options.corsOrigins.length === 0) return {};
    if (!options.corsOrigins.includes("*") && !options.corsOrigins.includes(origin)) return {};
    return {
      "access-control-allow-origin": options.corsOrigins.includes("*") ? "*" : origin,
      "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
      "access-control-allow-headers": "authorization, content-type, if-match, x-request-id",
      "access-control-expose-headers": "etag, x-request-id, x-library-version, retry-after",
      vary: "origin",
    };
  }

  function sendReply(res: ServerResponse, requestId: string, reply: RouteReply): number {
    const status = reply.status ?? 200;
    const headers: Record<string, string> = {
      "x-request-id": requestId,
      "x-content-type-options": "nosniff",
    };
    if (options.isDraining()) headers.connection = "close";
    if (options.corsOrigins.length > 0) Object.assign(headers, corsHeaders(res.req));
    if (reply.headers !== undefined) Object.assign(headers, reply.headers);
    if (reply.bytes !== undefined) {
      headers["content-type"] = reply.contentType ?? "application/octet-stream";
      headers["content-length"] = String(reply.bytes.length);
      res.writeHead(status, headers);
      res.end(reply.bytes);
      return status;
    }
    if (status === 204 || (reply.body === undefined && reply.text === undefined)) {
      res.writeHead(status, headers);
      res.end();
      return status;
    }
    const payload = reply.text ?? JSON.stringify(reply.body);
    headers["content-type"] = reply.contentType ?? "application/json; charset=utf-8";
    headers["content-length"] = String(Buffer.byteLength(payload));
    res.writeHead(status, headers);
    res.end(payload);
    return status;
  }

  /**
   * Writes a streamed body with backpressure. The first chunk is awaited before the headers go out, so
   * a failure up to then is still an error reply; a later failure can only cut the connection.
   */
  async function sendStream(
    res: ServerResponse,
    requestId: string,
    reply: RouteReply,
    body: AsyncIterable<string | Uint8Array>,
  ): Promise<number> {
    const iterator = body[Symbol.asyncIterator]();
    let next = await iterator.next();
    const status = sendHead(res, requestId, reply);
    let clientGone = false;
    res.once("close", () => (clientGone = true));
    try {
      while (next.done !== true && !clientGone) {
        if (!res.write(next.value)) await drained(res);
        next = await iterator.next();
      }
    } catch (error) {
      logger.error("stream failed", { requestId, ...errorFields(error) });
      res.destroy();
      return status;
    } finally {
      if (next.done !== true) await iterator.return?.();
    }
    res.end();
    return status;
  }

  /** Resolves when the socket takes more, or is gone (listeners removed either way). */
  function drained(res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        res.off("drain", done).off("close", done);
        resolve();
      };
      res.on("drain", done).on("close", done);
    });
  }

  function sendHead(res: ServerResponse, requestId: string, reply: RouteReply): number {
    const status = reply.status ?? 200;
    const headers: Record<string, string> = {
      "x-request-id": requestId,
      "x-content-type-options": "nosniff",
    };
    if (options.isDraining()) headers.connection = "close";
    if (options.corsOrigins.length > 0) Object.assign(headers, corsHeaders(res.req));
    if (reply.headers !== undefined) Object.assign(headers, reply.headers);
    headers["content-type"] = reply.contentType ?? "application/octet-stream";
    res.writeHead(status, headers);
    return status;
  }

  function send(
    res: ServerResponse,
    requestId: string,
    reply: ReturnType<typeof errorReply>,
    extra: Record<string, string>,
  ): number {
    if (res.headersSent) {
      res.destroy();
      return reply.status;
    }
    return sendReply(res, requestId, {
      status: reply.status,
      body: reply.body,
      headers: { ...reply.headers, ...extra },
    });
  }

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    inflight++;
    metrics.inflight.set(inflight);
    const incomingId = req.headers["x-request-id"];
    const requestId =
      typeof incomingId === "string" && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const log: RequestLog = { route: undefined, status: 500, keyId: undefined };
    run(req, res, requestId, log)
      .catch((error: unknown) => {
        // Only a failure while writing the response can land here.
        logger.error("response failed", { requestId, ...errorFields(error) });
        res.destroy();
      })
      .finally(() => {
        inflight--;
        metrics.inflight.set(inflight);
        const seconds = (performance.now() - started) / 1000;
        const routeLabel = log.route ?? "unmatched";
        observeLatency(req.method ?? "", routeLabel, log.status, seconds);
        if (options.requestLogs) {
          logger.info("request", {
            requestId,
            method: req.method,
            path: (req.url ?? "").split("?", 1)[0],
            route: routeLabel,
            status: log.status,
            ms: Math.round(seconds * 1e5) / 100,
            key: log.keyId,
          });
        }
      });
  }) as RequestHandler;
  handler.inflight = () => inflight;
  return handler;
}

interface RequestLog {
  route: string | undefined;
  status: number;
  keyId: string | undefined;
}

function decodeParams(raw: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      throw badRequest(["params", name], "malformed percent-encoding");
    }
  }
  return params;
}
