import type { FeedbackEvent } from "@offerkit/core";
import { escapeHtml, safeUrl } from "../render/escape.js";
import { emailEventId, messageKey } from "../render/message-identity.js";
import type { EmailTokenCodec } from "./email-token-codec.js";
import type { ClickClaims, OpenClaims, UnsubscribeClaims } from "./tracking-claims.js";

/** A framework-agnostic HTTP answer plus the events to pass to `engine.track` (may be empty). */
export interface EmailHandlerResult {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
  events: FeedbackEvent[];
  /** Set when a recipient asked to leave: persist it (idempotently) in your suppression list. */
  unsubscribe?: { recipientId: string; campaignId: string; listId?: string };
}

export interface EmailHandlerOptions {
  tokens: EmailTokenCodec;
  /**
   * Hosts click redirects may lead to (exact host, or ".example.com" for subdomains). Optional
   * defence in depth: redirects only ever go to the URL inside a verified token anyway.
   */
  allowedRedirectHosts?: readonly string[];
  now?: () => number;
}

export interface EmailHandlers {
  /** GET /v1/email/click/:token → 302 to the signed target + one interact event. */
  handleEmailClick(token: string): EmailHandlerResult;
  /** GET /v1/email/open/:token → 1×1 GIF, always; display events only for a valid token (estimated: image proxies prefetch). */
  handleEmailOpen(token: string): EmailHandlerResult;
  /** POST (one-click, RFC 8058) unsubscribes; GET shows a confirmation form that POSTs. Idempotent. */
  handleUnsubscribe(token: string, method?: "GET" | "POST"): EmailHandlerResult;
}

const NO_STORE = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};
// The smallest transparent GIF (43 bytes).
const PIXEL = Uint8Array.from([
  0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
  0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
  0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
]);

type Verified<T> = { ok: true; claims: T } | { ok: false; result: EmailHandlerResult };
type Claims = { c: ClickClaims; o: OpenClaims; u: UnsubscribeClaims };

export function createEmailHandlers(options: EmailHandlerOptions): EmailHandlers {
  const now = () => options.now?.() ?? Date.now();

  function verify<K extends keyof Claims>(
    token: string,
    kind: K,
    what: string,
  ): Verified<Claims[K]> {
    const verified = options.tokens.verify(token, now());
    if (!verified.ok) {
      if (verified.reason === "expired")
        return {
          ok: false,
          result: page(410, "This link has expired", `This ${what} link is no longer valid.`),
        };
      return { ok: false, result: page(400, "Invalid link", `This ${what} link is not valid.`) };
    }
    // A genuine token of another kind (an open token on the click route) is refused like a forgery.
    if (verified.claims.t !== kind)
      return { ok: false, result: page(400, "Invalid link", `This ${what} link is not valid.`) };
    return { ok: true, claims: verified.claims as Claims[K] };
  }

  return {
    handleEmailClick(token) {
      const verified = verify(token, "c", "email");
      if (!verified.ok) return verified.result;
      const claims = verified.claims;
      const target = safeUrl(claims.u, "link");
      if (
        !target ||
        !/^https?:/i.test(target) ||
        !hostAllowed(new URL(target).hostname, options.allowedRedirectHosts)
      ) {
        return page(400, "Invalid link", "This email link points somewhere we do not redirect to.");
      }
      const [propositionId, decisionId, placementId, offerId] = claims.o;
      const event: FeedbackEvent = {
        id: emailEventId("click", messageKey(claims.c, claims.r), propositionId, offerId),
        type: "interact",
        timestamp: new Date(now()).toISOString(),
        profileId: claims.r,
        propositionId,
        decisionId,
        placementId,
        offerId,
      };
      return { status: 302, headers: { ...NO_STORE, Location: target }, body: "", events: [event] };
    },

    handleEmailOpen(token) {
      const verified = verify(token, "o", "image");
      // An old, broken or forged pixel still gets an image (no broken-image icon), just no events.
      if (!verified.ok) return gif([]);
      const claims = verified.claims;
      const timestamp = new Date(now()).toISOString();
      const key = messageKey(claims.c, claims.r);
      return gif(
        claims.i.map(([propositionId, decisionId, placementId, offerId]) => ({
          // Same id as the display counted at SMTP accept: an open never counts a display twice.
          id: emailEventId("display", key, propositionId, offerId),
          type: "display" as const,
          timestamp,
          profileId: claims.r,
          propositionId,
          decisionId,
          placementId,
          offerId,
        })),
      );
    },

    handleUnsubscribe(token, method = "POST") {
      const verified = verify(token, "u", "unsubscribe");
      if (!verified.ok) return verified.result;
      const claims = verified.claims;
      if (method === "GET") {
        // Link scanners follow GETs; only the POST (one click from the mail client, or this form) unsubscribes.
        const form = `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`;
        return page(200, "Unsubscribe", "Do you want to stop receiving these emails?", form);
      }
      return {
        ...page(200, "Unsubscribed", "You will not receive these emails any more."),
        unsubscribe: {
          recipientId: claims.r,
          campaignId: claims.c,
          ...(claims.l !== undefined ? { listId: claims.l } : {}),
        },
      };
    },
  };
}

function hostAllowed(host: string, allowed: readonly string[] | undefined): boolean {
  if (!allowed) return true;
  const h = host.toLowerCase();
  return allowed.some((entry) => {
    const e = entry.toLowerCase();
    return e.startsWith(".") ? h.endsWith(e) || h === e.slice(1) : h === e;
  });
}

function gif(events: FeedbackEvent[]): EmailHandlerResult {
  return {
    status: 200,
    headers: { ...NO_STORE, "Content-Type": "image/gif", "Content-Length": String(PIXEL.length) },
    body: PIXEL,
    events,
  };
}

function page(status: number, title: string, message: string, extra = ""): EmailHandlerResult {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${extra}</body></html>`;
  return {
    status,
    headers: { ...NO_STORE, "Content-Type": "text/html; charset=utf-8" },
    body,
    events: [],
  };
}
