import { randomUUID } from "node:crypto";
import type { CookieOptions, Request, Response } from "express";
import type { Visitor } from "../handler/decision-backend.js";

export interface AnonymousIdOptions {
  /** Default "offerkit_aid". */
  cookieName?: string;
  /** Default 365 days. */
  maxAgeDays?: number;
  /** Default: only over HTTPS (`req.secure`). */
  secure?: boolean;
  sameSite?: CookieOptions["sameSite"];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value of one cookie from the Cookie header (no cookie-parser needed). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * A stable id for a visitor who is not signed in: read from an httpOnly cookie, or created and
 * set. Only well-formed UUIDs are accepted back, so the cookie cannot smuggle arbitrary ids.
 */
export function anonymousId(req: Request, res: Response, options: AnonymousIdOptions = {}): string {
  const name = options.cookieName ?? "offerkit_aid";
  const existing = readCookie(req, name);
  if (existing !== undefined && UUID.test(existing)) return existing;
  const id = randomUUID();
  res.cookie(name, id, {
    httpOnly: true,
    sameSite: options.sameSite ?? "lax",
    secure: options.secure ?? req.secure,
    maxAge: (options.maxAgeDays ?? 365) * 86_400_000,
    path: "/",
  });
  return id;
}

/** An `identify` for visitors known only by the anonymous-id cookie. */
export function anonymousIdentity(
  options: AnonymousIdOptions = {},
): (req: Request, res: Response) => Visitor {
  return (req, res) => ({ id: anonymousId(req, res, options) });
}
