import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { MemoryCounterStore, OfferkitError, type CounterStore } from "@offerkit/core";
import type { SqlClient, Stores, StoresConfig } from "./types.js";
import { PgliteWorkerClient } from "./sql/pglite-worker-client.js";
import { PgSqlClient } from "./sql/pg-client.js";
import { migrate } from "./sql/migrate.js";
import { DEFAULT_NOTIFY_CHANNEL, SqlLibraryStore } from "./library/sql-library-store.js";
import { SqlEventStore } from "./events/sql-event-store.js";
import { SqlApiKeyStore } from "./api-keys/sql-api-key-store.js";
import { SqlCounterStore } from "./counters/sql-counter-store.js";
import { RedisCounterStore } from "./counters/redis-counter-store.js";

/**
 * Opens the database named by the config (PGlite data folder or PostgreSQL URL), runs pending
 * migrations, and builds every store on it; counters in memory, in the same database, or in Redis.
 */
export async function createStores(config: StoresConfig): Promise<Stores> {
  checkConfig(config);
  const sql = await openDatabase(config);
  let counters: CounterStore | undefined;
  try {
    await migrate(sql);
    counters = await openCounters(config, sql);
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
  const library = new SqlLibraryStore({ sql, notifyChannel: notifyChannelFor(config.schema) });
  const openCounterStore = counters;
  return {
    sql,
    library,
    events: new SqlEventStore(sql),
    apiKeys: new SqlApiKeyStore(sql),
    counters: openCounterStore,
    ping: async () => {
      await sql.query("SELECT 1");
      if (openCounterStore instanceof RedisCounterStore) await openCounterStore.ping();
    },
    close: async () => {
      await library.close();
      await openCounterStore.close?.();
      await sql.close();
    },
  };
}

function checkConfig(config: StoresConfig): void {
  const issues: { path: string[]; message: string }[] = [];
  if ((config.dataDir === undefined) === (config.databaseUrl === undefined)) {
    issues.push({
      path: ["dataDir"],
      message: "give exactly one of dataDir (embedded) or databaseUrl (PostgreSQL)",
    });
  }
  if (config.schema !== undefined && config.dataDir !== undefined) {
    issues.push({ path: ["schema"], message: "schema applies to databaseUrl only" });
  }
  const counters = config.counters ?? "memory";
  if (!["memory", "sql", "redis"].includes(counters)) {
    issues.push({ path: ["counters"], message: "must be memory, sql or redis" });
  }
  if (counters === "redis" && !config.redisUrl)
    issues.push({ path: ["redisUrl"], message: 'is required when counters is "redis"' });
  const first = issues[0];
  if (first)
    throw new OfferkitError("VALIDATION_FAILED", `${first.path.join(".")}: ${first.message}`, {
      issues,
    });
}

async function openDatabase(config: StoresConfig): Promise<SqlClient> {
  if (config.databaseUrl !== undefined) {
    return PgSqlClient.open({
      url: config.databaseUrl,
      schema: config.schema,
      poolSize: config.poolSize,
    });
  }
  const dataDir = config.dataDir ?? "memory://";
  if (!dataDir.includes("://")) await mkdir(dataDir, { recursive: true });
  try {
    return await PgliteWorkerClient.open(dataDir);
  } catch (error) {
    throw new OfferkitError(
      "UNAVAILABLE",
      `cannot open the embedded database in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

async function openCounters(config: StoresConfig, sql: SqlClient): Promise<CounterStore> {
  switch (config.counters ?? "memory") {
    case "memory":
      return new MemoryCounterStore();
    case "sql":
      return new SqlCounterStore(sql);
    case "redis":
      return RedisCounterStore.connect(config.redisUrl ?? "", { keyPrefix: config.redisKeyPrefix });
  }
}

/** Instances on one schema share a channel; runs on different schemas of one database must not. */
export function notifyChannelFor(schema: string | undefined): string {
  if (schema === undefined || schema === "public") return DEFAULT_NOTIFY_CHANNEL;
  const channel = `${DEFAULT_NOTIFY_CHANNEL}_${schema}`;
  // PostgreSQL channel names are identifiers: at most 63 bytes.
  return channel.length <= 63
    ? channel
    : `${DEFAULT_NOTIFY_CHANNEL}_${createHash("sha256").update(schema).digest("hex").slice(0, 32)}`;
}
