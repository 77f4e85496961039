/**
 * The decision server's bar (issue 4), in one run: autocannon, 50 connections, POST /v1/decisions on
 * the 1,000-offer benchmark workload library with caps on, against an Express hello-world measured in
 * the same run. Bars: ≥ 1.0× Express hello with memory counters, ≥ 0.7× with Redis counters, p99 ≤ 20 ms.
 * Run: pnpm --filter @offerkit/decision-server bench:server   (BENCH_SECONDS=20 for longer runs)
 */
import { fileURLToPath } from "node:url";
import { generateWorkload } from "@offerkit/core/bench-workload";
import { load, printTable, spawnServer, type LoadResult } from "./run-autocannon.js";

const durationSeconds = Number(process.env.BENCH_SECONDS ?? 10);
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

async function measureOfferkit(counters: "memory" | "redis"): Promise<LoadResult> {
  const server = await spawnServer(here("./bench-server.ts"), [counters]);
  try {
    const key = server.line.split(" ")[2] ?? "";
    const options = {
      url: `http://127.0.0.1:${server.port}/v1/decisions`,
      method: "POST" as const,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      bodies,
    };
    await load(`offerkit ${counters}`, { ...options, durationSeconds: 3 }); // JIT warm-up
    return await load(`offerkit decide (${counters} counters)`, { ...options, durationSeconds });
  } finally {
    await server.stop();
  }
}

const express = await measureExpress();
const memory = await measureOfferkit("memory");
const redis = await measureOfferkit("redis");
const rows = [express, memory, redis];
console.log(`\nPOST /v1/decisions, ${workload.offers.length} offers, caps on, autocannon -c 50 -d ${durationSeconds}, node ${process.version}\n`);
printTable(rows, express);
const bars = [
  { name: "memory counters ≥ 1.0× express hello", ok: memory.requestsPerSecond >= 1.0 * express.requestsPerSecond },
  { name: "redis counters ≥ 0.7× express hello", ok: redis.requestsPerSecond >= 0.7 * express.requestsPerSecond },
  { name: "p99 ≤ 20 ms (memory)", ok: memory.p99 <= 20 },
  { name: "p99 ≤ 20 ms (redis)", ok: redis.p99 <= 20 },
  { name: "no non-2xx answers, no errors", ok: [memory, redis].every((r) => r.non2xx === 0 && r.errors === 0) },
];
console.log("");
for (const bar of bars) console.log(`${bar.ok ? "PASS" : "FAIL"}  ${bar.name}`);
process.exitCode = bars.every((b) => b.ok) ? 0 : 1;
