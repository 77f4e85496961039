import { OfferkitError } from "@offerkit/core";
import type { SignedTokenCodec } from "../core-tracking.js";
import type { ClickClaims, OpenClaims, UnsubscribeClaims } from "./tracking-claims.js";
import { EMAIL_ROUTES } from "./email-routes.js";

export interface EmailTrackingOptions {
  /** Signs every token (click, open, unsubscribe). */
  tokens: SignedTokenCodec;
  /** Origin of the decision server serving EMAIL_ROUTES, e.g. https://t.shop.example; https only (http for localhost). */
  baseUrl: string;
  /** How long links stay valid. Defaults: clicks 180 days, opens 60 days, unsubscribe 400 days. */
  clickTtlDays?: number;
  openTtlDays?: number;
  unsubscribeTtlDays?: number;
  /**
   * Add a 1×1 open pixel near the top of the body (default false: opens are estimates at best —
   * Apple Mail prefetches, Gmail proxies — and the pixel tracks readers; turn it on deliberately).
   */
  openPixel?: boolean;
  now?: () => number;
}

const DAY = 86_400_000;

/** Mints the signed URLs a message carries. */
export class EmailLinks {
  private readonly base: string;
  readonly openPixel: boolean;

  constructor(private readonly options: EmailTrackingOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new OfferkitError("VALIDATION_FAILED", `tracking baseUrl ${options.baseUrl} is not a URL`);
    }
    const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
    if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
      throw new OfferkitError("VALIDATION_FAILED", "tracking baseUrl must be https (List-Unsubscribe requires it)");
    }
    this.base = url.origin + url.pathname.replace(/\/+$/, "");
    this.openPixel = options.openPixel ?? false;
  }

  clickUrl(claims: Omit<ClickClaims, "t">): Promise<string> | string {
    return this.url(EMAIL_ROUTES.click, { t: "c", ...claims }, this.options.clickTtlDays ?? 180);
  }

  openUrl(claims: Omit<OpenClaims, "t">): Promise<string> | string {
    return this.url(EMAIL_ROUTES.open, { t: "o", ...claims }, this.options.openTtlDays ?? 60);
  }

  unsubscribeUrl(claims: Omit<UnsubscribeClaims, "t">): Promise<string> | string {
    return this.url(EMAIL_ROUTES.unsubscribe, { t: "u", ...claims }, this.options.unsubscribeTtlDays ?? 400);
  }

  /** A string straight away with a synchronous HMAC (the bulk path), else a promise. */
  private url(route: string, claims: ClickClaims | OpenClaims | UnsubscribeClaims, ttlDays: number): Promise<string> | string {
    const expiresAt = (this.options.now?.() ?? Date.now()) + ttlDays * DAY;
    const tokens = this.options.tokens;
    if (tokens.synchronous) return `${this.base}${route}${tokens.signSync(claims, expiresAt)}`;
    return tokens.sign(claims, expiresAt).then((token) => `${this.base}${route}${token}`);
  }
}
