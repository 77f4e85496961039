import { Buffer } from "node:buffer";
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { InvalidPushInputError } from "../../errors/push-error.js";
import { systemClock, type Clock } from "../delivery-reporter.js";

export interface ApnsTokenSignerOptions {
  teamId: string;
  keyId: string;
  /** The `.p8` key from Apple (PKCS#8 PEM) or a KeyObject. */
  signingKey: string | KeyObject;
  /**
   * Age at which a new token is minted. Apple rejects tokens older than 60 min and answers
   * TooManyProviderTokenUpdates to refreshes more often than every 20 min: 20–60 min, default 50.
   */
  refreshAfterSeconds?: number;
  clock?: Clock;
}

/** Mints the ES256 provider JWT once and hands out the same token until it is due for refresh. */
export class ApnsTokenSigner {
  private readonly key: KeyObject;
  private readonly refreshAfterMs: number;
  private readonly clock: Clock;
  private current: { token: string; issuedAtMs: number } | undefined;
  /** How many tokens were minted (observable so reuse can be checked). */
  minted = 0;

  constructor(private readonly options: ApnsTokenSignerOptions) {
    const refresh = options.refreshAfterSeconds ?? 3000;
    if (refresh < 1200 || refresh > 3600) {
      throw new InvalidPushInputError(
        ["refreshAfterSeconds"],
        "must be between 1200 and 3600 (Apple's 20–60 min window)",
      );
    }
    this.refreshAfterMs = refresh * 1000;
    this.clock = options.clock ?? systemClock;
    this.key =
      typeof options.signingKey === "string"
        ? createPrivateKey(options.signingKey)
        : options.signingKey;
    if (this.key.asymmetricKeyType !== "ec")
      throw new InvalidPushInputError(["signingKey"], "must be an EC P-256 key");
  }

  token(): string {
    const nowMs = this.clock.now().getTime();
    if (this.current !== undefined && nowMs - this.current.issuedAtMs < this.refreshAfterMs)
      return this.current.token;
    this.current = { token: this.mint(nowMs), issuedAtMs: nowMs };
    this.minted++;
    return this.current.token;
  }

  /** Forget the token (APNs said ExpiredProviderToken); the next `token()` mints a new one. */
  invalidate(): void {
    this.current = undefined;
  }

  private mint(nowMs: number): string {
    const header = base64url(JSON.stringify({ alg: "ES256", kid: this.options.keyId }));
    const claims = base64url(
      JSON.stringify({ iss: this.options.teamId, iat: Math.floor(nowMs / 1000) }),
    );
    const input = `${header}.${claims}`;
    // JWS wants the raw r||s signature, not DER.
    const signature = sign("sha256", Buffer.from(input), {
      key: this.key,
      dsaEncoding: "ieee-p1363",
    });
    return `${input}.${signature.toString("base64url")}`;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
