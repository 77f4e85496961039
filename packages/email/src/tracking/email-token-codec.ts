import { createHash, createHmac, hash, timingSafeEqual } from "node:crypto";
import { OfferkitError } from "@offerkit/core";
import { ClickClaims, OpenClaims, UnsubscribeClaims, type ShownOffer } from "./tracking-claims.js";

/**
 * Signed email tracking tokens, built for bulk sending (several per message, millions per campaign):
 *
 *     <keyId>.<base64url(payload ‖ tag)>
 *
 * payload = version 1, kind (1 click, 2 open, 3 unsubscribe), expiry (u32 epoch seconds), then
 * length-prefixed UTF-8 fields (varint lengths): recipient, campaign, and per kind the target URL
 * and [proposition, decision, placement, offer] (click), the shown offers (open), an optional list
 * id (unsubscribe). tag = HMAC-SHA256(secret, keyId "." payload) cut to 16 bytes (128 bits, as
 * RFC 2104 §5 allows). The message key is not carried: it is a hash of (campaign, recipient).
 *
 * Signing writes the payload into one reused buffer right after the key's precomputed inner pad
 * block, so a tag is exactly two one-shot native hashes (`crypto.hash`, no Hmac object per token):
 * H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ keyId "." payload)) — the RFC 2104 definition, bit for bit.
 * Verifying uses node:crypto's createHmac and refuses, in this order: malformed, unknown key, bad
 * tag (constant time), expired. Key rotation: sign with the active key, verify with all.
 */

export type EmailTokenKind = "click" | "open" | "unsubscribe";
export type EmailTokenFailure = "malformed" | "unknown-key" | "tampered" | "expired";

export type VerifiedEmailToken =
  | {
      ok: true;
      keyId: string;
      expiresAt: number;
      claims: ClickClaims | OpenClaims | UnsubscribeClaims;
    }
  | { ok: false; reason: EmailTokenFailure };

export interface EmailSigningKey {
  /** 1-32 of [A-Za-z0-9_-]; appears in every token. */
  id: string;
  /** At least 32 bytes; a string is read as base64url. */
  secret: Uint8Array | string;
}

export const MIN_EMAIL_SECRET_BYTES = 32;
const TAG_BYTES = 16;
const VERSION = 1;
const KIND_CODE: Record<EmailTokenKind, number> = { click: 1, open: 2, unsubscribe: 3 };
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Longest field accepted (the target URL); the scratch buffer fits the largest open token. */
const MAX_FIELD_BYTES = 4096;
const MAX_SHOWN = 100;
const MAX_TOKEN_CHARS = 48 * 1024;
const BLOCK = 64;
const utf8 = new TextDecoder("utf-8", { fatal: true });

interface HeldKey {
  id: string;
  secret: Buffer;
}

export class EmailTokenCodec {
  readonly activeKeyId: string;
  private readonly keys = new Map<string, HeldKey>();
  /** K ⊕ ipad (64 bytes), keyId ".", the payload, then the tag. Reused for every token. */
  private buffer = Buffer.alloc(2048);
  /** K ⊕ opad (64 bytes), then the inner digest. */
  private readonly outer = Buffer.alloc(BLOCK + 32);
  private readonly prefix: string;
  /** Where the payload starts in `buffer` (after the pad block and keyId "."). */
  private readonly prefixLength: number;
  /**
   * The header last written to `buffer` (kind, expiry in seconds, recipient, campaign) and where it
   * ends: the click links of one message share it, so only their own fields are written again.
   */
  private headerKind = 0;
  private headerSeconds = 0;
  private headerRecipient = "";
  private headerCampaign = "";
  private headerEnd = 0;
  /** Views of `buffer` by length (what the inner hash reads): one view per length, not per token. */
  private views: (Uint8Array | undefined)[] = [];

  constructor(keys: readonly EmailSigningKey[], activeKeyId?: string) {
    if (keys.length === 0) throw invalidKey("at least one signing key is needed");
    for (const key of keys) {
      if (!KEY_ID.test(key.id))
        throw invalidKey(`key id ${JSON.stringify(key.id)} must be 1-32 of [A-Za-z0-9_-]`);
      if (this.keys.has(key.id)) throw invalidKey(`key id ${key.id} appears twice`);
      const secret =
        typeof key.secret === "string" ? decodeSecret(key.secret) : Buffer.from(key.secret);
      if (secret === undefined) throw invalidKey(`secret of key ${key.id} is not base64url`);
      if (secret.length < MIN_EMAIL_SECRET_BYTES) {
        throw invalidKey(
          `secret of key ${key.id} has ${secret.length} bytes; at least ${MIN_EMAIL_SECRET_BYTES} are needed`,
        );
      }
      this.keys.set(key.id, { id: key.id, secret });
    }
    this.activeKeyId = activeKeyId ?? keys[0]!.id;
    const active = this.keys.get(this.activeKeyId);
    if (!active) throw invalidKey(`active key ${this.activeKeyId} is not among the keys`);
    // RFC 2104: a key longer than a block is hashed first; the pads are the key XOR 0x36 / 0x5c.
    const key =
      active.secret.length > BLOCK
        ? createHash("sha256").update(active.secret).digest()
        : active.secret;
    for (let i = 0; i < BLOCK; i++) {
      const k = i < key.length ? key[i]! : 0;
      this.buffer[i] = k ^ 0x36;
      this.outer[i] = k ^ 0x5c;
    }
    this.prefix = `${this.activeKeyId}.`;
    this.prefixLength = BLOCK + this.buffer.write(this.prefix, BLOCK, "binary");
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  signClick(claims: Omit<ClickClaims, "t">, expiresAtMs: number): string {
    const [propositionId, decisionId, placementId, offerId] = claims.o;
    return this.signClickFields(
      claims.r,
      claims.c,
      claims.u,
      propositionId,
      decisionId,
      placementId,
      offerId,
      expiresAtMs,
    );
  }

  /** signClick without the claims objects (the renderer signs several links per message). */
  signClickFields(
    recipientId: string,
    campaignId: string,
    url: string,
    propositionId: string,
    decisionId: string,
    placementId: string,
    offerId: string,
    expiresAtMs: number,
  ): string {
    let at =
      this.headerKind === KIND_CODE.click &&
      recipientId === this.headerRecipient &&
      campaignId === this.headerCampaign &&
      expirySeconds(expiresAtMs) === this.headerSeconds
        ? this.headerEnd
        : this.header("click", expiresAtMs, recipientId, campaignId);
    at = this.field(at, url);
    at = this.field(at, propositionId);
    at = this.field(at, decisionId);
    at = this.field(at, placementId);
    at = this.field(at, offerId);
    return this.finish(at);
  }

  signOpen(claims: Omit<OpenClaims, "t">, expiresAtMs: number): string {
    if (claims.i.length > MAX_SHOWN)
      throw new OfferkitError("BAD_REQUEST", `an open token carries at most ${MAX_SHOWN} offers`);
    let at = this.header("open", expiresAtMs, claims.r, claims.c);
    at = this.varint(at, claims.i.length);
    for (const shown of claims.i) at = this.shown(at, shown);
    return this.finish(at);
  }

  signUnsubscribe(claims: Omit<UnsubscribeClaims, "t">, expiresAtMs: number): string {
    let at = this.header("unsubscribe", expiresAtMs, claims.r, claims.c);
    this.room(at, 1);
    this.buffer[at++] = claims.l === undefined ? 0 : 1;
    if (claims.l !== undefined) at = this.field(at, claims.l);
    return this.finish(at);
  }

  /** Checks the token (key, tag in constant time, expiry) and decodes its claims; never throws. */
  verify(token: string, nowMs: number): VerifiedEmailToken {
    if (typeof token !== "string" || token.length > MAX_TOKEN_CHARS)
      return { ok: false, reason: "malformed" };
    const dot = token.indexOf(".");
    if (dot < 1) return { ok: false, reason: "malformed" };
    const keyId = token.slice(0, dot);
    const body = token.slice(dot + 1);
    if (!KEY_ID.test(keyId) || !BASE64URL.test(body)) return { ok: false, reason: "malformed" };
    const key = this.keys.get(keyId);
    if (!key) return { ok: false, reason: "unknown-key" };
    const bytes = Buffer.from(body, "base64url");
    // Canonical encoding only: a token has exactly one spelling.
    if (bytes.length <= TAG_BYTES + 6 || bytes.toString("base64url") !== body)
      return { ok: false, reason: "malformed" };
    const payload = bytes.subarray(0, bytes.length - TAG_BYTES);
    const expected = createHmac("sha256", key.secret)
      .update(`${keyId}.`, "latin1")
      .update(payload)
      .digest()
      .subarray(0, TAG_BYTES);
    if (!timingSafeEqual(expected, bytes.subarray(bytes.length - TAG_BYTES)))
      return { ok: false, reason: "tampered" };
    const decoded = decodePayload(payload);
    if (!decoded) return { ok: false, reason: "malformed" };
    if (nowMs >= decoded.expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, keyId, expiresAt: decoded.expiresAt, claims: decoded.claims };
  }

  private header(
    kind: EmailTokenKind,
    expiresAtMs: number,
    recipientId: string,
    campaignId: string,
  ): number {
    const seconds = expirySeconds(expiresAtMs);
    this.headerKind = 0; // in case a field throws half-way
    let at = this.prefixLength;
    const buffer = this.buffer;
    buffer[at++] = VERSION;
    buffer[at++] = KIND_CODE[kind];
    buffer.writeUInt32BE(seconds, at);
    at += 4;
    at = this.field(at, recipientId);
    at = this.field(at, campaignId);
    this.headerKind = KIND_CODE[kind];
    this.headerSeconds = seconds;
    this.headerRecipient = recipientId;
    this.headerCampaign = campaignId;
    this.headerEnd = at;
    return at;
  }

  private shown(at: number, [propositionId, decisionId, placementId, offerId]: ShownOffer): number {
    at = this.field(at, propositionId);
    at = this.field(at, decisionId);
    at = this.field(at, placementId);
    return this.field(at, offerId);
  }

  /** A length-prefixed UTF-8 string. Written after a one-byte length, moved on the rare long field. */
  private field(at: number, text: string): number {
    const n = text.length;
    if (n < 0x80) {
      // Short ASCII (ids, most URLs): copied in JS, cheaper than a native write per field.
      this.room(at, 1 + n);
      const buffer = this.buffer;
      let i = 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) break;
        buffer[at + 1 + i] = c;
      }
      if (i === n) {
        buffer[at] = n;
        return at + 1 + n;
      }
    }
    this.room(at, 2 + n * 3);
    const buffer = this.buffer;
    const written = buffer.write(text, at + 1, "utf8");
    if (written < 0x80) {
      buffer[at] = written;
      return at + 1 + written;
    }
    if (written > MAX_FIELD_BYTES)
      throw new OfferkitError(
        "BAD_REQUEST",
        `a token field is ${written} bytes (at most ${MAX_FIELD_BYTES})`,
      );
    buffer.copyWithin(at + 2, at + 1, at + 1 + written);
    buffer[at] = 0x80 | (written & 0x7f);
    buffer[at + 1] = written >>> 7;
    return at + 2 + written;
  }

  private varint(at: number, value: number): number {
    this.room(at, 2);
    if (value < 0x80) {
      this.buffer[at] = value;
      return at + 1;
    }
    this.buffer[at] = 0x80 | (value & 0x7f);
    this.buffer[at + 1] = value >>> 7;
    return at + 2;
  }

  private room(at: number, bytes: number): void {
    if (at + bytes + TAG_BYTES <= this.buffer.length) return;
    const grown = Buffer.alloc(Math.max(this.buffer.length * 2, at + bytes + TAG_BYTES));
    this.buffer.copy(grown, 0, 0, at);
    this.buffer = grown;
    this.views = [];
  }

  private finish(at: number): string {
    const buffer = this.buffer;
    const outer = this.outer;
    // Inner hash over K ⊕ ipad ‖ keyId "." payload (the bytes before `at`), outer over K ⊕ opad ‖ inner.
    let view = this.views[at];
    if (view === undefined) {
      view = new Uint8Array(buffer.buffer, buffer.byteOffset, at);
      this.views[at] = view;
    }
    const inner = hash("sha256", view, "binary");
    for (let i = 0; i < 32; i++) outer[BLOCK + i] = inner.charCodeAt(i);
    const tag = hash("sha256", outer, "binary");
    for (let i = 0; i < TAG_BYTES; i++) buffer[at + i] = tag.charCodeAt(i);
    return this.prefix + buffer.toString("base64url", this.prefixLength, at + TAG_BYTES);
  }
}

/** `kid:base64urlSecret,kid2:…` (e.g. OFFERKIT_EMAIL_SIGNING_KEYS): the first key signs, all verify. */
export function parseSigningKeys(
  spec: string,
  name = "OFFERKIT_EMAIL_SIGNING_KEYS",
): EmailSigningKey[] {
  const entries = spec
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) throw invalidKey(`${name}: expected keyId:base64urlSecret[,…]`);
  return entries.map((entry, index) => {
    const colon = entry.indexOf(":");
    const id = entry.slice(0, colon);
    const secret = entry.slice(colon + 1);
    if (colon < 1 || secret === "")
      throw invalidKey(
        `${name}[${index}]: expected keyId:base64urlSecret, got "${entry.slice(0, 12)}…"`,
      );
    return { id, secret };
  });
}

/** The expiry as carried (u32 epoch seconds, rounded up); refuses a missing or non-finite time. */
function expirySeconds(expiresAtMs: number): number {
  if (!Number.isFinite(expiresAtMs) || expiresAtMs <= 0)
    throw new OfferkitError("BAD_REQUEST", "token expiry must be a finite time");
  return Math.min(0xffffffff, Math.ceil(expiresAtMs / 1000));
}

function decodeSecret(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  return Buffer.from(text, "base64url");
}

function invalidKey(message: string): OfferkitError {
  return new OfferkitError("VALIDATION_FAILED", message, {
    issues: [{ path: ["signingKeys"], message }],
  });
}

/** Strict decoding: every length in range, valid UTF-8, nothing left over; claims checked by their schemas. */
function decodePayload(
  payload: Uint8Array,
): { expiresAt: number; claims: ClickClaims | OpenClaims | UnsubscribeClaims } | undefined {
  let at = 0;
  const byte = (): number | undefined => (at < payload.length ? payload[at++] : undefined);
  const length = (): number | undefined => {
    const first = byte();
    if (first === undefined || first < 0x80) return first;
    const second = byte();
    if (second === undefined || second === 0) return undefined;
    return (first & 0x7f) | (second << 7);
  };
  const text = (): string | undefined => {
    const n = length();
    if (n === undefined || at + n > payload.length) return undefined;
    try {
      return utf8.decode(payload.subarray(at, (at += n)));
    } catch {
      return undefined;
    }
  };
  const shown = (): ShownOffer | undefined => {
    const p = text();
    const d = text();
    const pl = text();
    const o = text();
    return p === undefined || d === undefined || pl === undefined || o === undefined
      ? undefined
      : [p, d, pl, o];
  };
  if (byte() !== VERSION) return undefined;
  const kind = byte();
  if (at + 4 > payload.length) return undefined;
  const expiresAt = Buffer.from(payload.buffer, payload.byteOffset + at, 4).readUInt32BE(0) * 1000;
  at += 4;
  const r = text();
  const c = text();
  if (r === undefined || c === undefined) return undefined;
  let claims: unknown;
  if (kind === KIND_CODE.click) {
    const u = text();
    const o = shown();
    claims = { t: "c", r, c, u, o };
  } else if (kind === KIND_CODE.open) {
    const count = length();
    if (count === undefined || count > MAX_SHOWN) return undefined;
    const i: ShownOffer[] = [];
    for (let n = 0; n < count; n++) {
      const s = shown();
      if (!s) return undefined;
      i.push(s);
    }
    claims = { t: "o", r, c, i };
  } else if (kind === KIND_CODE.unsubscribe) {
    const hasList = byte();
    if (hasList !== 0 && hasList !== 1) return undefined;
    const l = hasList === 1 ? text() : undefined;
    if (hasList === 1 && l === undefined) return undefined;
    claims = { t: "u", r, c, ...(l !== undefined ? { l } : {}) };
  } else return undefined;
  if (at !== payload.length) return undefined;
  const schema =
    kind === KIND_CODE.click
      ? ClickClaims
      : kind === KIND_CODE.open
        ? OpenClaims
        : UnsubscribeClaims;
  const parsed = schema.safeParse(claims);
  return parsed.success ? { expiresAt, claims: parsed.data } : undefined;
}
