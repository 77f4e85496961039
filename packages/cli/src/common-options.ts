import { resolve } from "node:path";
import { parseCounters, type StoresConfig } from "@offerkit/decision-server";
import type { CliIo } from "./cli-io.js";
import { UsageError } from "./cli-error.js";
import { ServerClient } from "./server-client.js";

/** Where the library, events and keys are stored (commands that open the store directly). */
export const STORE_OPTIONS = {
  "data-dir": { type: "string" },
  "database-url": { type: "string" },
  "redis-url": { type: "string" },
  counters: { type: "string" },
  schema: { type: "string" },
} as const;

/** A running server instead of the store (`--server URL --key KEY`, or OFFERKIT_URL / OFFERKIT_API_KEY). */
export const SERVER_OPTIONS = {
  server: { type: "string" },
  key: { type: "string" },
} as const;

export const STORE_USAGE =
  "[--data-dir DIR (default ./.data) | --database-url postgres://…] [--counters memory|sql|redis --redis-url redis://…]";
export const SERVER_USAGE = "[--server URL --key KEY]";

interface StoreValues {
  "data-dir"?: string | undefined;
  "database-url"?: string | undefined;
  "redis-url"?: string | undefined;
  counters?: string | undefined;
  schema?: string | undefined;
}

/** Flags first, then OFFERKIT_* variables, then the embedded default (PGlite in ./.data). */
export function storesConfigFrom(values: StoreValues, io: CliIo): StoresConfig {
  const databaseUrl = values["database-url"] ?? (io.env.OFFERKIT_DATABASE_URL || undefined);
  if (databaseUrl !== undefined && values["data-dir"] !== undefined) {
    throw new UsageError("give --data-dir or --database-url, not both");
  }
  const counters = values.counters ?? (io.env.OFFERKIT_COUNTERS || undefined);
  const redisUrl = values["redis-url"] ?? (io.env.OFFERKIT_REDIS_URL || undefined);
  const schema = values.schema ?? (io.env.OFFERKIT_DB_SCHEMA || undefined);
  return {
    ...(databaseUrl !== undefined
      ? { databaseUrl }
      : { dataDir: resolve(io.cwd, values["data-dir"] ?? (io.env.OFFERKIT_DATA_DIR || ".data")) }),
    ...(counters !== undefined ? { counters: parseCounters(counters) } : {}),
    ...(redisUrl !== undefined ? { redisUrl } : {}),
    ...(schema !== undefined ? { schema } : {}),
  };
}

/** A client when --server (or OFFERKIT_URL) is given; undefined means "use the store directly". */
export function serverClientFrom(
  values: { server?: string | undefined; key?: string | undefined },
  io: CliIo,
): ServerClient | undefined {
  const server = values.server ?? (io.env.OFFERKIT_URL || undefined);
  if (server === undefined) return undefined;
  return new ServerClient(server, values.key ?? (io.env.OFFERKIT_API_KEY || undefined));
}
