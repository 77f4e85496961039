import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryCounterStore } from "@offerkit/core";
import { createStores, notifyChannelFor } from "./create-stores.js";
import { SqlCounterStore } from "./counters/sql-counter-store.js";
import { RedisCounterStore } from "./counters/redis-counter-store.js";
import { dropSchema, TEST_PG_URL } from "./testing/test-postgres.js";
import { assertRedisReachable, deleteRedisKeys, TEST_REDIS_URL } from "./testing/test-redis.js";
import { expectOfferkitError } from "./testing/expect-offerkit-error.js";
import { offer, sampleLibrary } from "./testing/library-fixtures.js";
import { closePgliteTemplate, seedDataDirFromTemplate } from "./testing/test-pglite.js";
import { MIGRATIONS } from "./sql/migrations.js";

const schema = `offerkit_test_create_${process.pid}_${randomBytes(3).toString("hex")}`;
const redisPrefix = `offerkit-test-create-${process.pid}:`;

afterAll(async () => {
  await closePgliteTemplate();
  await dropSchema(TEST_PG_URL, schema);
  await deleteRedisKeys(redisPrefix);
});

describe("createStores", () => {
  it("refuses a config without exactly one database, or redis counters without a URL", async () => {
    await expectOfferkitError(createStores({}), "VALIDATION_FAILED", ["dataDir"]);
    await expectOfferkitError(
      createStores({ dataDir: "x", databaseUrl: TEST_PG_URL }),
      "VALIDATION_FAILED",
      ["dataDir"],
    );
    await expectOfferkitError(
      createStores({ databaseUrl: TEST_PG_URL, counters: "redis" }),
      "VALIDATION_FAILED",
      ["redisUrl"],
    );
    await expectOfferkitError(
      createStores({ databaseUrl: TEST_PG_URL, counters: "disk" as never }),
      "VALIDATION_FAILED",
      ["counters"],
    );
  });

  it("keeps the embedded library in its data folder across restarts", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "offerkit-stores-"));
    try {
      // initdb in a new folder takes 5-20 s here; a folder seeded from the migrated template is equivalent.
      await seedDataDirFromTemplate(join(dataDir, "db"));
      const first = await createStores({ dataDir: join(dataDir, "db") });
      expect(first.counters).toBeInstanceOf(MemoryCounterStore);
      await first.library.importBundle(sampleLibrary(), { mode: "replace" });
      const { key } = await first.apiKeys.create({ name: "k", scopes: ["decide"] });
      await first.close();

      const second = await createStores({ dataDir: join(dataDir, "db"), counters: "sql" });
      try {
        expect(second.counters).toBeInstanceOf(SqlCounterStore);
        expect(await second.library.currentVersion()).toBe(1);
        expect((await second.library.offers.get("summer-sale")).name).toBe("Summer sale");
        expect(await second.apiKeys.verify(key)).toMatchObject({ name: "k" });
        expect(
          await second.sql.query("SELECT version FROM schema_migrations ORDER BY version"),
        ).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
        await second.ping();
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("runs on PostgreSQL with Redis counters; two instances see each other's library changes", async () => {
    await assertRedisReachable();
    const config = {
      databaseUrl: TEST_PG_URL,
      schema,
      counters: "redis",
      redisUrl: TEST_REDIS_URL,
      redisKeyPrefix: redisPrefix,
      poolSize: 2,
    } as const;
    const [a, b] = await Promise.all([createStores(config), createStores(config)]);
    try {
      expect(a.counters).toBeInstanceOf(RedisCounterStore);
      await a.ping();
      const seen: number[] = [];
      const stop = await b.library.watchVersions((v) => seen.push(v), { pollIntervalMs: 60_000 });
      await a.library.importBundle(sampleLibrary(), { mode: "replace" });
      await a.library.offers.create(offer("from-a"));
      await expect.poll(() => seen, { timeout: 2000, interval: 10 }).toEqual([1, 2]);
      expect((await b.library.offers.get("from-a")).id).toBe("from-a");
      const check = { readKeys: ["shared"], writeKey: "shared", limit: 1 };
      expect(await a.counters.reserve([check])).toEqual({ ok: true });
      expect(await b.counters.reserve([check])).toEqual({ ok: false, index: 0, count: 1 });
      await stop();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("fails clearly, and leaves nothing open, when Redis is unreachable", async () => {
    await expectOfferkitError(
      createStores({
        databaseUrl: TEST_PG_URL,
        schema,
        counters: "redis",
        redisUrl: "redis://127.0.0.1:1",
      }),
      "UNAVAILABLE",
    );
  });

  it("gives each schema its own notify channel, within PostgreSQL's 63-byte limit", () => {
    expect(notifyChannelFor(undefined)).toBe("offerkit_library_version");
    expect(notifyChannelFor("public")).toBe("offerkit_library_version");
    expect(notifyChannelFor("tenant_a")).not.toBe(notifyChannelFor("tenant_b"));
    expect(notifyChannelFor("x".repeat(63)).length).toBeLessThanOrEqual(63);
  });
});
