import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Router,
} from "express";
import type { DecisionBackend } from "../handler/decision-backend.js";
import { handleDecisioningRequest } from "../handler/handle-decisioning-request.js";
import { OffersScope } from "../handler/offers-scope.js";
import { wireError } from "../handler/wire-error.js";
import { OfferkitClientError } from "@offerkit/client";
import type { OfferkitOptions } from "./offerkit-options.js";
import { visitorOf } from "./visitor-of.js";

const backendOf = (options: OfferkitOptions): DecisionBackend => options.engine ?? options.client;
const logger = (options: OfferkitOptions, req: Request) => (error: unknown) =>
  (options.onError ?? ((e: unknown) => console.error("[offerkit] rendering fallbacks:", e)))(
    error,
    req,
  );

/** Puts `req.offers` on every request and the SSR payload on `res.locals.offerkit` after each decide. */
export function offerkit(options: OfferkitOptions): RequestHandler {
  return (req, res, next) => {
    req.offers = new OffersScope({
      backend: backendOf(options),
      visitor: () => visitorOf(req, res, options),
      context: () => options.context?.(req) ?? {},
      timeoutMs: options.decideTimeoutMs ?? 1000,
      onError: logger(options, req),
      onPayload: (payload) => (res.locals.offerkit = payload),
    });
    next();
  };
}

/**
 * `POST /v1/decisions` and `POST /v1/events` for browsers talking to the app itself (mount it,
 * e.g. `app.use("/offerkit", decisioningRouter(options))`, and point the client at "/offerkit").
 * Events also arrive as text/plain, which is what sendBeacon posts without a preflight.
 */
export function decisioningRouter(options: OfferkitOptions): Router {
  const router = express.Router();
  const parse = [
    express.json({ limit: "64kb" }),
    express.text({ type: "text/plain", limit: "64kb" }),
  ];
  const route =
    (name: "decisions" | "events"): RequestHandler =>
    async (req, res) => {
      if (!options.allowCrossSite && req.get("sec-fetch-site") === "cross-site") {
        res
          .status(403)
          .json(
            wireError(new OfferkitClientError("FORBIDDEN", "cross-site requests are not accepted"))
              .body,
          );
        return;
      }
      const answer = await handleDecisioningRequest({
        route: name,
        body: typeof req.body === "string" ? JSON.parse(req.body) : req.body,
        backend: backendOf(options),
        visitor: () => visitorOf(req, res, options),
        context: () => options.context?.(req) ?? {},
        timeoutMs: options.decideTimeoutMs ?? 1000,
        onError: logger(options, req),
      });
      res.status(answer.status).json(answer.body);
    };
  router.post("/v1/decisions", ...parse, route("decisions"));
  router.post("/v1/events", ...parse, route("events"));
  // Unparseable or oversized bodies: a JSON error, never express's HTML error page.
  const onBodyError: ErrorRequestHandler = (error: { status?: number }, _req, res, next) => {
    if (res.headersSent) return next(error);
    const answer = wireError(
      new OfferkitClientError(
        error.status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST",
        "unreadable request body",
      ),
    );
    res.status(answer.status).json(answer.body);
  };
  router.use(onBodyError);
  return router;
}
