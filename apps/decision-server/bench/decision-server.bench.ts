/**
 * The decision server's bar (issue 4), in one run: autocannon, 50 connections, POST /v1/decisions on
 * the 1,000-offer benchmark workload library with caps on, against an Express hello-world measured in
 * the same run. Bars: ≥ 1.0× Express hello with memory counters, ≥ 0.7× with Redis counters, p99 ≤ 20 ms.
 * Run: pnpm --filter @offerkit/decision-server bench:server   (BENCH_SECONDS=20 for longer runs)
 */
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { generateWorkload } from "@offerkit/core/bench-workload";
import { load, printTable, spawnServer, type LoadResult } from "./run-autocannon.js";

const durationSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const loadBefore = loadavg();
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const workload = generateWorkload({ offers: Number(process.env.BENCH_OFFERS ?? 1000), caps: true });
const bodies = workload.profiles.map((profile, i) =>
  JSON.stringify({ profile, context: workload.contexts[i], scopes: [{ decisionId: "bench", placementId: "web" }] }),
);

async function measureExpress(): Promise<LoadResult> {
  const server = await spawnServer(here("./hello-server.ts"), ["express"]);
  try {
    await load("express hello", { url: `http://127.0.0.1:${server.port}/`, durationSeconds: 2 });
    return await load("express hello", { url: `http://127.0.0.1:${server.port}/`, durationSeconds });
  } finally {
    await server.stop();
  }
}

/** The engine alone behind bare node:http: the ceiling the server's rows are measured against. */
async function measureBareEngine(): Promise<LoadResult> {
  const server = await spawnServer(here("./bare-engine-server.ts"), []);
  try {
    const options = { url: `http://127.0.0.1:${server.port}/`, method: "POST" as const, headers: { "content-type": "application/json" }, bodies };
    await load("bare", { ...options, durationSeconds: 3 });
    return await load("reference: engine on bare node:http (no auth/logs/events)", { ...options, durationSeconds });
  } finally {
    await server.stop();
  }
}

async function measureOfferkit(counters: "memory" | "redis", database: "pglite" | "postgres"): Promise<LoadResult> {
  const server = await spawnServer(here("./bench-server.ts"), [counters, database]);
  try {
    const key = server.line.split(" ")[2] ?? "";
    const options = {
      url: `http://127.0.0.1:${server.port}/v1/decisions`,
      method: "POST" as const,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      bodies,
    };
    await load(`offerkit ${counters}`, { ...options, durationSeconds: 3 }); // JIT warm-up
    return await load(`offerkit decide: ${counters} counters, ${database === "pglite" ? "embedded PGlite" : "PostgreSQL"}`, { ...options, durationSeconds });
  } finally {
    await server.stop();
  }
}

const express = await measureExpress();
const embedded = await measureOfferkit("memory", "pglite");
const memory = await measureOfferkit("memory", "postgres");
const redis = await measureOfferkit("redis", "postgres");
const bare = await measureBareEngine();
const rows = [express, embedded, memory, redis, bare];
console.log(`\nPOST /v1/decisions, ${workload.offers.length} offers, caps on, decision events stored, autocannon -c 50 -d ${durationSeconds}`);
console.log(`node ${process.version}, ${cpus().length} cores, load average before the run ${loadBefore.map((l) => l.toFixed(1)).join(" ")}\n`);
printTable(rows, express);
const ratio = (r: LoadResult) => r.requestsPerSecond / express.requestsPerSecond;
const bars = [
  { name: `memory counters, PGlite ≥ 1.0× express hello (${ratio(embedded).toFixed(2)})`, ok: ratio(embedded) >= 1.0 },
  { name: `memory counters, PostgreSQL ≥ 1.0× express hello (${ratio(memory).toFixed(2)})`, ok: ratio(memory) >= 1.0 },
  { name: `redis counters ≥ 0.7× express hello (${ratio(redis).toFixed(2)})`, ok: ratio(redis) >= 0.7 },
  ...[embedded, memory, redis].map((r) => ({ name: `p99 ≤ 20 ms: ${r.name} (${r.p99} ms)`, ok: r.p99 <= 20 })),
  { name: "no non-2xx answers, no errors", ok: [embedded, memory, redis].every((r) => r.non2xx === 0 && r.errors === 0) },
];
console.log("");
for (const bar of bars) console.log(`${bar.ok ? "PASS" : "FAIL"}  ${bar.name}`);
process.exitCode = bars.every((b) => b.ok) ? 0 : 1;
