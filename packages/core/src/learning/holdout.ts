/**
 * Holdout bucketing: a profile is held out of a decision when its bucket, a stable hash of
 * (decision id, profile id) mapped to [0, 1), is below percent / 100. Stable: the same profile is
 * always in or out of the same decision, on every instance and after restarts; independent across
 * decisions, because the decision id is part of the hash. Not Math.random: nothing to store.
 *
 * The hash is cyrb53 (two 32-bit multiply-xorshift lanes combined into 53 bits), which mixes short,
 * similar ids ("cust-1", "cust-2") into uniformly spread buckets; 53 bits are what a double holds
 * exactly, so the bucket is an exact multiple of 2^-53.
 */
export function holdoutBucket(decisionId: string, profileId: string): number {
  return hash53(`${decisionId}\u0000${profileId}`) / 2 ** 53;
}

/** Whether this profile is in the decision's holdout of `percent` (0–100) percent. */
export function isHeldOut(decisionId: string, profileId: string, percent: number): boolean {
  if (percent <= 0) return false;
  if (percent >= 100) return true;
  return holdoutBucket(decisionId, profileId) < percent / 100;
}

function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
