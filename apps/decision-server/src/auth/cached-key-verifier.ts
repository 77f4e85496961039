import * as crypto from "node:crypto";
import type { ApiKeyInfo, ApiKeyStore } from "../store/types.js";

interface CacheEntry {
  info: ApiKeyInfo | undefined;
  expiresAt: number;
}

/**
 * Verifies keys against the store, remembering answers (also "unknown key") for `ttlMs` so a hot key
 * costs one hash lookup instead of a database round trip. Consequence, documented in the README: a
 * revoked key stops working on every instance within `ttlMs`. Entries are keyed by the key's SHA-256,
 * so plaintext keys are not retained.
 */
export class CachedKeyVerifier {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<ApiKeyInfo | undefined>>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(plaintextKey: string): Promise<ApiKeyInfo | undefined> {
    const digest = sha256(plaintextKey);
    const cached = this.cache.get(digest);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.info;
    const pending = this.inflight.get(digest);
    if (pending !== undefined) return pending;
    const lookup = this.store
      .verify(plaintextKey)
      .then((info) => {
        if (this.cache.size >= this.maxEntries) this.cache.clear(); // bounded: unknown keys cannot grow it forever
        this.cache.set(digest, { info, expiresAt: this.now() + this.ttlMs });
        return info;
      })
      .finally(() => this.inflight.delete(digest));
    this.inflight.set(digest, lookup);
    return lookup;
  }

  /** Forget everything (after a revoke through this instance, so it applies here at once). */
  clear(): void {
    this.cache.clear();
  }
}

/** One-shot crypto.hash (Node ≥ 20.12) is several times cheaper than createHash for short inputs. */
const oneShot = (
  crypto as { hash?: (algorithm: string, data: string, encoding: "base64") => string }
).hash;
function sha256(text: string): string {
  return oneShot !== undefined
    ? oneShot("sha256", text, "base64")
    : crypto.createHash("sha256").update(text).digest("base64");
}
