import type { Request, Response } from "express";
import type { OfferBootstrap } from "@offerkit/client";
import type { DecisionBackend, RequestContext, Visitor } from "../handler/decision-backend.js";
import type { OffersScope } from "../handler/offers-scope.js";

export type OfferkitOptions = (
  | { /** In-process DecisionEngine. */ engine: DecisionBackend; client?: never }
  | {
      /** Remote decision server through @offerkit/client. */ client: DecisionBackend;
      engine?: never;
    }
) & {
  /** Who the request is for: a signed-in user, or `anonymousIdentity()` / `anonymousId(req, res)`. */
  identify: (req: Request, res: Response) => Visitor | Promise<Visitor>;
  /** Context rules can read (channel, locale, cart …). For browser requests it wins over the browser's. */
  context?: (req: Request) => RequestContext | Promise<RequestContext>;
  /** How long a page (or a browser request to the router) waits for a decision (default 1000 ms). */
  decideTimeoutMs?: number;
  /** Where failures are logged (default console.error). They never fail the host's response. */
  onError?: (error: unknown, req: Request) => void;
  /** The router refuses cross-site browser requests (Sec-Fetch-Site) unless this is true. */
  allowCrossSite?: boolean;
};

declare global {
  // Express's own extension point for request and locals typing.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the offerkit() middleware. */
      offers: OffersScope;
    }
    interface Locals {
      /** Everything `req.offers.decide` decided in this request: embed it with `bootstrapScript()`. */
      offerkit?: OfferBootstrap;
    }
  }
}
