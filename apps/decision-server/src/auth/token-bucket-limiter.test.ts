import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./token-bucket-limiter.js";

describe("TokenBucketLimiter", () => {
  it("allows a burst, then refills at the rate, with a Retry-After in whole seconds", () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(() => now);
    const setting = { requestsPerSecond: 2, burst: 3 };
    expect([1, 2, 3].map(() => limiter.take("k", setting).allowed)).toEqual([true, true, true]);
    expect(limiter.take("k", setting)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 499;
    expect(limiter.take("k", setting).allowed).toBe(false);
    now = 500;
    expect(limiter.take("k", setting).allowed).toBe(true);
    now = 10_000; // refills only up to the burst
    expect([1, 2, 3, 4].map(() => limiter.take("k", setting).allowed)).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it("keeps one bucket per key and slow rates ask for a longer wait", () => {
    const limiter = new TokenBucketLimiter(() => 0);
    const slow = { requestsPerSecond: 0.1 };
    expect(limiter.take("a", slow).allowed).toBe(false); // burst defaults to the rate: 0.1 token
    expect(limiter.take("a", slow)).toEqual({ allowed: false, retryAfterSeconds: 9 });
    expect(limiter.take("b", { requestsPerSecond: 1 }).allowed).toBe(true);
  });
});
