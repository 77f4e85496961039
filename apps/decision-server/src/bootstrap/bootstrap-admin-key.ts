import type { ApiKeyStore } from "../store/types.js";

/**
 * Safe by default: the server never runs without keys. When the store has no key at all (first start),
 * one admin key is created and its plaintext returned so the caller can show it once; only its hash
 * is stored, so it cannot be shown again (create more with `offerkit keys create`).
 */
export async function bootstrapAdminKey(keys: ApiKeyStore): Promise<string | undefined> {
  if ((await keys.list()).length > 0) return undefined;
  const { key } = await keys.create({
    name: "bootstrap admin (created on first start)",
    scopes: ["admin"],
  });
  return key;
}
