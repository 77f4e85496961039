import { OfferkitError } from "@offerkit/core";
import type { EmailTokenCodec } from "./email-token-codec.js";
import type { ClickClaims, OpenClaims, UnsubscribeClaims } from "./tracking-claims.js";
import { EMAIL_ROUTES } from "./email-routes.js";

export interface EmailTrackingOptions {
  /** Signs every token (click, open, unsubscribe). */
  tokens: EmailTokenCodec;
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

/** Mints the signed URLs a message carries (synchronously: one HMAC per link). */
export class EmailLinks {
  readonly openPixel: boolean;
  /**
   * Every URL minted here is plain ASCII without `& < > " '` (the base has none and tokens are
   * base64url), so it goes into HTML as is: no escaping pass over ~250 characters per link.
   */
  readonly htmlSafe: boolean;
  private readonly clickBase: string;
  private readonly openBase: string;
  private readonly unsubscribeBase: string;

  constructor(private readonly options: EmailTrackingOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new OfferkitError(
        "VALIDATION_FAILED",
        `tracking baseUrl ${options.baseUrl} is not a URL`,
      );
    }
    const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
    if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
      throw new OfferkitError(
        "VALIDATION_FAILED",
        "tracking baseUrl must be https (List-Unsubscribe requires it)",
      );
    }
    const base = url.origin + url.pathname.replace(/\/+$/, "");
    this.clickBase = base + EMAIL_ROUTES.click;
    this.openBase = base + EMAIL_ROUTES.open;
    this.unsubscribeBase = base + EMAIL_ROUTES.unsubscribe;
    this.openPixel = options.openPixel ?? false;
    this.htmlSafe = /^[\x21-\x7e]*$/.test(base) && !/[&<>"']/.test(base);
  }

  clickUrl(claims: Omit<ClickClaims, "t">): string {
    return (
      this.clickBase +
      this.options.tokens.signClick(claims, this.expiry(this.options.clickTtlDays ?? 180))
    );
  }

  /** clickUrl from the claim fields (no claims objects per link; same token). */
  clickUrlOf(
    recipientId: string,
    campaignId: string,
    url: string,
    propositionId: string,
    decisionId: string,
    placementId: string,
    offerId: string,
  ): string {
    const expiresAt = this.expiry(this.options.clickTtlDays ?? 180);
    return (
      this.clickBase +
      this.options.tokens.signClickFields(
        recipientId,
        campaignId,
        url,
        propositionId,
        decisionId,
        placementId,
        offerId,
        expiresAt,
      )
    );
  }

  openUrl(claims: Omit<OpenClaims, "t">): string {
    return (
      this.openBase +
      this.options.tokens.signOpen(claims, this.expiry(this.options.openTtlDays ?? 60))
    );
  }

  unsubscribeUrl(claims: Omit<UnsubscribeClaims, "t">): string {
    return (
      this.unsubscribeBase +
      this.options.tokens.signUnsubscribe(
        claims,
        this.expiry(this.options.unsubscribeTtlDays ?? 400),
      )
    );
  }

  private expiry(ttlDays: number): number {
    return (this.options.now?.() ?? Date.now()) + ttlDays * DAY;
  }
}
