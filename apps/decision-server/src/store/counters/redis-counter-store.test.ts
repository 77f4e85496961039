import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { describeCounterStoreContract } from "@offerkit/core/testing";
import { assertRedisReachable, deleteRedisKeys, TEST_REDIS_URL } from "../testing/test-redis.js";
import { RedisCounterStore } from "./redis-counter-store.js";
import { describeCounterStoreAcrossInstances } from "./counter-store-scale-out.suite.js";

const keyPrefix = `offerkit-test-${process.pid}-${Date.now().toString(36)}:`;
let store: RedisCounterStore;

beforeAll(async () => {
  await assertRedisReachable();
  store = await RedisCounterStore.connect(TEST_REDIS_URL, { keyPrefix });
});
afterAll(async () => {
  await store?.close();
  await deleteRedisKeys(keyPrefix);
});

describeCounterStoreContract(
  "RedisCounterStore",
  () => Promise.resolve(store),
  () => Promise.resolve(),
);

describeCounterStoreAcrossInstances("RedisCounterStore", async () => {
  const stores = await Promise.all(
    [1, 2, 3].map(() => RedisCounterStore.connect(TEST_REDIS_URL, { keyPrefix })),
  );
  return { stores, dispose: async () => void (await Promise.all(stores.map((s) => s.close()))) };
});

describe("RedisCounterStore keys", () => {
  it("expire at the window end and seen events live as long as their counters", async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const expiresAt = Date.now() + 60_000;
      await store.reserve([{ readKeys: ["ttl-k"], writeKey: "ttl-k", limit: 5, expiresAt }]);
      await store.record("ttl-e", [{ writeKey: "ttl-k2", expiresAt }]);
      await store.record("ttl-forever", [{ writeKey: "ttl-k3" }]);
      const pexpiretime = (key: string) => redis.call("PEXPIRETIME", key) as Promise<number>;
      expect(await pexpiretime(`${keyPrefix}counter:ttl-k`)).toBe(expiresAt);
      expect(await pexpiretime(`${keyPrefix}counter:ttl-k2`)).toBe(expiresAt);
      expect(await pexpiretime(`${keyPrefix}seen-event:ttl-e`)).toBe(expiresAt);
      expect(await pexpiretime(`${keyPrefix}seen-event:ttl-forever`)).toBe(-1);
    } finally {
      redis.disconnect();
    }
  });

  it("sends the ranked lists of one event-loop turn in one script call, applied in arrival order", async () => {
    const run = Date.now().toString(36);
    const global = { readKeys: [`${run}:g`], writeKey: `${run}:g`, limit: 5 };
    const profile = (p: number) => ({
      readKeys: [`${run}:p${p}`],
      writeKey: `${run}:p${p}`,
      limit: 1,
    });
    // 12 decisions, each ranking 2 offers (both under the global cap, one per-profile cap each), 1 wanted.
    const lists = Array.from({ length: 12 }, (_, i) => [
      { checks: [profile(i % 3), global], reserve: [0, 1], placeable: true },
      { checks: [profile(100 + i), global], reserve: [0, 1], placeable: true },
    ]);
    const callsBefore = store.reserveRankedCalls;
    const outcomes = await Promise.all(lists.map((list) => store.reserveRanked(list, 1)));
    expect(store.reserveRankedCalls - callsBefore).toBe(1);
    // Decisions 0–2 take their profile's only slot with the first offer; 3–4 fall to the second offer
    // (profile cap used up); then the global cap of 5 is exhausted for everyone after.
    expect(
      outcomes.map((o) =>
        o.map((x) =>
          x.placed
            ? "placed"
            : x.exhausted
              ? `exhausted@${x.exhausted.index}:${x.exhausted.count}`
              : "no",
        ),
      ),
    ).toEqual([
      ["placed", "no"],
      ["placed", "no"],
      ["placed", "no"],
      ["exhausted@0:1", "placed"],
      ["exhausted@0:1", "placed"],
      ...Array.from({ length: 7 }, () => ["exhausted@0:1", "exhausted@1:5"]),
    ]);
    expect(await store.counts([global])).toEqual([5]);
  });

  it("fails with a clear error when Redis is unreachable", async () => {
    await expect(RedisCounterStore.connect("redis://127.0.0.1:1")).rejects.toThrow(
      /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/,
    );
  });
});
