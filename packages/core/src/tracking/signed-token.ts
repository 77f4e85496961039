import { OfferkitError } from "../errors/offerkit-error.js";
import type { JsonValue } from "../model/common.js";
import { base64UrlDecode, base64UrlEncode, utf8Decode, utf8Encode } from "./base64url.js";
import { webCryptoHmacSha256, type HmacSha256 } from "./hmac-sha256.js";
import { SignedTokenError } from "./signed-token-error.js";

/**
 * Signed tokens for tracking links (email clicks / opens / unsubscribes, push attribution):
 *
 *     <keyId>.<base64url(JSON {"e": expiry epoch seconds, "c": claims})>.<base64url(HMAC-SHA256)>
 *
 * The HMAC covers `<keyId>.<payload>`, so neither the key id nor the claims can change without
 * breaking the signature. Several keys may be held at once (rotation): new tokens are signed with
 * the active key, and tokens signed with any held key verify until they expire. Retiring a key
 * (removing it from the ring) invalidates every token it signed.
 */

export interface SigningKeyInput {
  /** 1-32 characters of letters, digits, `_` or `-`; appears in every token. */
  id: string;
  /** At least 32 random bytes; a string is read as base64url. */
  secret: Uint8Array | string;
}

export interface SignedTokenCodecOptions {
  keys: readonly SigningKeyInput[];
  /** The key new tokens are signed with. */
  activeKeyId: string;
  /** HMAC implementation; defaults to Web Crypto. */
  hmac?: HmacSha256;
}

export type TokenClaims = { readonly [name: string]: JsonValue };

export interface VerifiedToken {
  keyId: string;
  /** Expiry in epoch milliseconds (whole seconds). */
  expiresAt: number;
  claims: TokenClaims;
}

export const MIN_SECRET_BYTES = 32;
/** Longer input is refused before any work (tokens travel in URLs; browsers cut at ~2 KB-8 KB). */
export const MAX_TOKEN_LENGTH = 8192;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const SIGNATURE_BYTES = 32;

export class SignedTokenCodec {
  private readonly secrets = new Map<string, Uint8Array>();
  private readonly hmac: HmacSha256;
  readonly activeKeyId: string;
  /** True when `signSync` works (a synchronous HMAC was supplied). */
  readonly synchronous: boolean;

  constructor(options: SignedTokenCodecOptions) {
    for (const key of options.keys) {
      if (!KEY_ID.test(key.id))
        throw invalidKey(`key id ${JSON.stringify(key.id)} must be 1-32 of [A-Za-z0-9_-]`);
      if (this.secrets.has(key.id)) throw invalidKey(`key id ${key.id} appears twice`);
      const secret = typeof key.secret === "string" ? base64UrlDecode(key.secret) : key.secret;
      if (!secret) throw invalidKey(`secret of key ${key.id} is not base64url`);
      if (secret.length < MIN_SECRET_BYTES)
        throw invalidKey(
          `secret of key ${key.id} has ${secret.length} bytes; at least ${MIN_SECRET_BYTES} are needed`,
        );
      this.secrets.set(key.id, Uint8Array.from(secret));
    }
    if (!this.secrets.has(options.activeKeyId))
      throw invalidKey(`active key ${options.activeKeyId} is not among the keys`);
    this.activeKeyId = options.activeKeyId;
    this.hmac = options.hmac ?? webCryptoHmacSha256();
    this.synchronous =
      options.hmac !== undefined &&
      options.hmac(this.secrets.get(this.activeKeyId)!, "probe") instanceof Uint8Array;
  }

  /** The key ids this codec accepts. */
  get keyIds(): string[] {
    return [...this.secrets.keys()];
  }

  /** Sign `claims` with the active key; `expiresAt` is a Date or epoch milliseconds (rounded up to a second). */
  async sign(claims: TokenClaims, expiresAt: Date | number): Promise<string> {
    const signed = this.signingInput(claims, expiresAt);
    const signature = await this.hmac(this.secrets.get(this.activeKeyId)!, signed);
    return `${signed}.${base64UrlEncode(signature)}`;
  }

  /**
   * `sign` without a promise, for bulk senders with a synchronous HMAC (node:crypto): thousands of
   * tokens per second skip a microtask each. Throws if the HMAC is asynchronous (Web Crypto).
   */
  signSync(claims: TokenClaims, expiresAt: Date | number): string {
    const signed = this.signingInput(claims, expiresAt);
    const signature = this.hmac(this.secrets.get(this.activeKeyId)!, signed);
    if (!(signature instanceof Uint8Array))
      throw new OfferkitError("INTERNAL", "signSync needs a synchronous HMAC; use sign()");
    return `${signed}.${base64UrlEncode(signature)}`;
  }

  private signingInput(claims: TokenClaims, expiresAt: Date | number): string {
    const expiryMs = typeof expiresAt === "number" ? expiresAt : expiresAt.getTime();
    if (!Number.isFinite(expiryMs))
      throw new OfferkitError("BAD_REQUEST", "token expiry must be a finite time");
    return `${this.activeKeyId}.${base64UrlEncode(utf8Encode(JSON.stringify({ e: Math.ceil(expiryMs / 1000), c: claims })))}`;
  }

  /**
   * Verify and decode. Throws SignedTokenError: `malformed`, `unknown-key`, `tampered` (checked in
   * constant time), then `expired` — expiry is only read once the signature holds.
   */
  async verify(token: string, now: Date | number = Date.now()): Promise<VerifiedToken> {
    if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) throw malformed();
    const parts = token.split(".");
    if (parts.length !== 3) throw malformed();
    const [keyId, payload, signatureText] = parts as [string, string, string];
    if (!KEY_ID.test(keyId) || payload === "") throw malformed();
    const secret = this.secrets.get(keyId);
    if (!secret)
      throw new SignedTokenError("unknown-key", `token signed with unknown key ${keyId}`);
    const signature = base64UrlDecode(signatureText);
    const expected = await this.hmac(secret, `${keyId}.${payload}`);
    if (!signature || !constantTimeEqual(signature, expected)) {
      throw new SignedTokenError("tampered", "token signature does not match");
    }
    const body = decodePayload(payload);
    if (!body) throw malformed();
    const nowMs = typeof now === "number" ? now : now.getTime();
    const expiresAt = body.e * 1000;
    if (nowMs >= expiresAt)
      throw new SignedTokenError(
        "expired",
        `token expired at ${new Date(expiresAt).toISOString()}`,
      );
    return { keyId, expiresAt, claims: body.c };
  }
}

/** Compares every byte whatever the first difference, so timing does not reveal a matching prefix. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== SIGNATURE_BYTES || b.length !== SIGNATURE_BYTES) return false;
  let difference = 0;
  for (let i = 0; i < SIGNATURE_BYTES; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

function decodePayload(payload: string): { e: number; c: TokenClaims } | undefined {
  const bytes = base64UrlDecode(payload);
  const text = bytes && utf8Decode(bytes);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { e, c } = value as { e?: unknown; c?: unknown };
  if (typeof e !== "number" || !Number.isSafeInteger(e)) return undefined;
  if (typeof c !== "object" || c === null || Array.isArray(c)) return undefined;
  return { e, c: c as TokenClaims };
}

function malformed(): SignedTokenError {
  return new SignedTokenError("malformed", "not a signed token");
}

function invalidKey(message: string): OfferkitError {
  return new OfferkitError("VALIDATION_FAILED", `signing keys: ${message}`);
}
