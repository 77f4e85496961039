import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** `okk_` + 12 hex lookup id + `_` + 32 random bytes as base64url (43 chars). */
const KEY_PATTERN = /^okk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  id: string;
  key: string;
  sha256: string;
}

export function generateApiKey(): NewApiKey {
  const id = randomBytes(6).toString("hex");
  const key = `okk_${id}_${randomBytes(32).toString("base64url")}`;
  return { id, key, sha256: sha256Hex(key) };
}

/** The lookup id inside a well-formed key; undefined for anything else. */
export function lookupIdOf(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Constant-time comparison of a presented key with a stored hash. */
export function keyMatchesHash(key: string, storedSha256Hex: string): boolean {
  const presented = createHash("sha256").update(key).digest();
  const stored = Buffer.from(storedSha256Hex, "hex");
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
