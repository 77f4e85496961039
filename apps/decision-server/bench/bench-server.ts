/**
 * The decision server as the benchmark runs it, in its own process: the 1,000-offer benchmark workload
 * library (caps on) imported into a fresh store, one `decide` key, request logs on (written to
 * /dev/null, so their cost is measured but not printed). Prints `listening <port> <key>` when ready.
 * Usage: tsx bench/bench-server.ts <counters> <database>
 *   counters: memory | redis;  database: pglite (embedded, in memory) | postgres (a fresh schema)
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { generateWorkload } from "@offerkit/core/bench-workload";
import { createStores, JsonLogger, startDecisionServer, type StoresConfig } from "../src/index.js";

const counters = process.argv[2] === "redis" ? "redis" : "memory";
const database = process.argv[3] === "postgres" ? "postgres" : "pglite";
const offers = Number(process.env.BENCH_OFFERS ?? 1000);
const runId = randomBytes(4).toString("hex");
const config: StoresConfig = {
  ...(database === "postgres"
    ? {
        databaseUrl: process.env.OFFERKIT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
        schema: `offerkit_bench_${runId}`,
      }
    : { dataDir: "memory://" }),
  counters,
  ...(counters === "redis"
    ? {
        redisUrl: process.env.OFFERKIT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
        redisKeyPrefix: `offerkit-bench-${runId}:`,
      }
    : {}),
};

const stores = await createStores(config);
await stores.library.importBundle(generateWorkload({ offers, caps: true }).library, {
  mode: "replace",
});
const { key } = await stores.apiKeys.create({ name: "bench", scopes: ["decide"] });
const devNull = createWriteStream("/dev/null");
const server = await startDecisionServer({
  stores,
  port: 0,
  logger: new JsonLogger((chunk) => void devNull.write(chunk)),
});
process.stdout.write(`listening ${server.port} ${key}\n`);

process.once("SIGTERM", () => {
  void (async () => {
    await server.close();
    if (database === "postgres") {
      await stores.sql
        .query(`DROP SCHEMA IF EXISTS "offerkit_bench_${runId}" CASCADE`)
        .catch(() => undefined);
    }
    await stores.close();
    process.exit(0);
  })();
});
