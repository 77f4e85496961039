import type { RateLimitSetting } from "../store/types.js";

interface Bucket {
  tokens: number;
  updatedAt: number;
  rate: number;
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Per-key token buckets (per instance: N instances allow up to N× the rate; documented). A bucket holds
 * `burst` tokens and refills at `requestsPerSecond`; each request takes one.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  take(keyId: string, setting: RateLimitSetting): RateDecision {
    const rate = setting.requestsPerSecond;
    const burst = setting.burst ?? setting.requestsPerSecond;
    const now = this.now();
    let bucket = this.buckets.get(keyId);
    if (bucket === undefined || bucket.rate !== rate || bucket.burst !== burst) {
      bucket = { tokens: burst, updatedAt: now, rate, burst };
      this.buckets.set(keyId, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)),
    };
  }
}
