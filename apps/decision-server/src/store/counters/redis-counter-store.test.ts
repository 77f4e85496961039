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
  const stores = await Promise.all([1, 2, 3].map(() => RedisCounterStore.connect(TEST_REDIS_URL, { keyPrefix })));
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

  it("fails with a clear error when Redis is unreachable", async () => {
    await expect(RedisCounterStore.connect("redis://127.0.0.1:1")).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
