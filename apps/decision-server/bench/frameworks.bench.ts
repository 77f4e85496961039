/**
 * How the HTTP framework was chosen: hello-world on node:http, fastify and express 5, autocannon
 * with 50 connections, each server in its own process. Run: pnpm bench:frameworks
 */
import { fileURLToPath } from "node:url";
import { load, printTable, spawnServer, type LoadResult } from "./run-autocannon.js";

const script = fileURLToPath(new URL("./hello-server.ts", import.meta.url));
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 8);
const rows: LoadResult[] = [];
for (const framework of ["express", "fastify", "node"]) {
  const server = await spawnServer(script, [framework]);
  try {
    await load(framework, { url: `http://127.0.0.1:${server.port}/`, durationSeconds: 1 }); // warm-up
    rows.push(await load(framework, { url: `http://127.0.0.1:${server.port}/`, durationSeconds }));
  } finally {
    await server.stop();
  }
}
printTable(rows, rows[0]);
