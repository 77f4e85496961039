import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { LibraryBundleInput } from "@offerkit/core";
import { createStores } from "../../src/store/create-stores.js";
import type { Stores } from "../../src/store/types.js";
import { dropSchema, TEST_PG_URL, TEST_REDIS_URL } from "./test-server.js";

export interface ScaleOutFixture {
  /** OFFERKIT_* settings every instance gets: same PostgreSQL schema, same Redis prefix. */
  env: Record<string, string>;
  /** A store handle of the test itself (to import, create keys and inspect events and counters). */
  stores: Stores;
  key: string;
  dispose(): Promise<void>;
}

/** One PostgreSQL schema + one Redis key prefix shared by N server processes, with a library and a key. */
export async function openScaleOutFixture(
  library: LibraryBundleInput,
  counters: "redis" | "memory" = "redis",
): Promise<ScaleOutFixture> {
  const runId = randomBytes(4).toString("hex");
  const schema = `offerkit_scale_${process.pid}_${runId}`;
  const prefix = `offerkit-scale-${runId}:`;
  const stores = await createStores({
    databaseUrl: TEST_PG_URL,
    schema,
    counters,
    redisUrl: TEST_REDIS_URL,
    redisKeyPrefix: prefix,
  });
  await stores.library.importBundle(library, { mode: "replace" });
  const { key } = await stores.apiKeys.create({ name: "scale-out test", scopes: ["admin"] });
  return {
    env: {
      OFFERKIT_DATABASE_URL: TEST_PG_URL,
      OFFERKIT_DB_SCHEMA: schema,
      OFFERKIT_COUNTERS: counters,
      OFFERKIT_REDIS_URL: TEST_REDIS_URL,
      OFFERKIT_REDIS_PREFIX: prefix,
      OFFERKIT_SEED_DEMO: "false",
    },
    stores,
    key,
    dispose: async () => {
      await stores.close();
      await dropSchema(schema);
      await deleteRedisPrefix(prefix);
    },
  };
}

async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
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
