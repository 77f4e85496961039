import { Redis } from "ioredis";

export const TEST_REDIS_URL = process.env["OFFERKIT_TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379";

/** Fails (never skips) with a message that says how to start Redis when it is not reachable. */
export async function assertRedisReachable(url: string = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${url} (${error instanceof Error ? error.message : String(error)}). These tests need it: ` +
        'start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`, ' +
        "or point OFFERKIT_TEST_REDIS_URL at one.",
      { cause: error },
    );
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under a prefix (what a test run wrote). */
export async function deleteRedisKeys(prefix: string, url: string = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
