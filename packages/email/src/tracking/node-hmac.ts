import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import type { HmacSha256 } from "../core-tracking.js";

const keys = new WeakMap<Uint8Array, KeyObject>();

/**
 * node:crypto HMAC-SHA256: same bytes as Web Crypto, synchronous and several times cheaper per
 * token. Key objects are made once per secret; the signing input is ASCII, hashed as latin1.
 */
export const nodeHmacSha256: HmacSha256 = (secret, message) => {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(secret);
    keys.set(secret, key);
  }
  return createHmac("sha256", key).update(message, "latin1").digest();
};
