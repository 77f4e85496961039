import { utf8Encode } from "./base64url.js";

/**
 * HMAC-SHA256 as a function, so a runtime with a faster synchronous implementation (node:crypto)
 * can plug it in; both give identical bytes. The default uses Web Crypto. The message is the
 * token's signing input, always ASCII (`keyId.base64url`).
 */
export type HmacSha256 = (secret: Uint8Array, message: string) => Uint8Array | Promise<Uint8Array>;

// Minimal structural types: core compiles against the ES library only (no DOM / Node typings).
interface SubtleLike {
  importKey(
    format: "raw",
    key: Uint8Array,
    algorithm: { name: "HMAC"; hash: "SHA-256" },
    extractable: false,
    usages: ["sign"],
  ): Promise<unknown>;
  sign(algorithm: "HMAC", key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

function subtleCrypto(): SubtleLike {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleLike } }).crypto?.subtle;
  if (!subtle)
    throw new Error("Web Crypto (globalThis.crypto.subtle) is not available in this runtime");
  return subtle;
}

/** Web Crypto HMAC-SHA256; imported keys are cached per secret (importKey is the slow part). */
export function webCryptoHmacSha256(): HmacSha256 {
  const keys = new WeakMap<Uint8Array, Promise<unknown>>();
  return async (secret, message) => {
    const subtle = subtleCrypto();
    let key = keys.get(secret);
    if (!key) {
      key = subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      keys.set(secret, key);
    }
    return new Uint8Array(await subtle.sign("HMAC", await key, utf8Encode(message)));
  };
}
