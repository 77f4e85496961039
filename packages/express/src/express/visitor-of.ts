import type { Request, Response } from "express";
import type { Visitor } from "../handler/decision-backend.js";
import type { OfferkitOptions } from "./offerkit-options.js";

const visitors = new WeakMap<Request, Promise<Visitor>>();

/**
 * identify() once per request, shared by the middleware and the router: a new anonymous id must
 * not be minted (and set as a cookie) twice for the same request.
 */
export function visitorOf(req: Request, res: Response, options: OfferkitOptions): Promise<Visitor> {
  let visitor = visitors.get(req);
  if (!visitor) {
    visitor = Promise.resolve().then(() => options.identify(req, res));
    visitors.set(req, visitor);
  }
  return visitor;
}
