/**
 * The decision server's bar (issue 4): autocannon, 50 connections, POST /v1/decisions on the 1,000-offer
 * benchmark workload library with caps on and decision events stored, against a plain Express 5
 * hello-world measured in the same run. Bars: ≥ 1.0× Express hello with memory counters, ≥ 0.7× with
 * Redis counters, p99 ≤ 20 ms.
 *
 * Every target runs in its own process, all started up front; then BENCH_ROUNDS rounds load each target
 * for BENCH_SECONDS, in a rotated order per round (interleaved, so a busy moment of the shared machine
 * hits every target alike). Per target the best round counts (best-of-N), and the ratio is also given per
 * round against the Express run of that same round (median). CPU per request comes from /proc: the
 * server process, PostgreSQL (every `postgres` process) and Redis, and the load generator itself.
 * Run: pnpm bench:server   (BENCH_ROUNDS=3 BENCH_SECONDS=8 by default)
 */
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { generateWorkload } from "@offerkit/core/bench-workload";
import { commandCpuSeconds, cpuSecondsBetween, processCpuSeconds } from "./process-cpu.js";
import { load, spawnServer, type LoadOptions, type LoadResult } from "./run-autocannon.js";

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 8);
const loadBefore = loadavg();
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const workload = generateWorkload({ offers: Number(process.env.BENCH_OFFERS ?? 1000), caps: true });
const bodies = workload.profiles.map((profile, i) =>
  JSON.stringify({
    profile,
    context: workload.contexts[i],
    scopes: [{ decisionId: "bench", placementId: "web" }],
  }),
);

interface Target {
  name: string;
  /** Judged against the memory (≥ 1.0×) or Redis (≥ 0.7×) bar; the peer and the reference are not. */
  bar?: number;
  pid: number | undefined;
  options: LoadOptions;
  stop: () => Promise<void>;
}

interface Run extends LoadResult {
  round: number;
  /** CPU µs per request. */
  serverCpu: number;
  postgresCpu: number;
  redisCpu: number;
  loadGeneratorCpu: number;
}

async function startPeer(): Promise<Target> {
  const server = await spawnServer(here("./hello-server.ts"), ["express"]);
  return {
    name: "express 5 hello-world (peer)",
    pid: server.child.pid,
    options: { url: `http://127.0.0.1:${server.port}/` },
    stop: server.stop,
  };
}

async function startOfferkit(
  counters: "memory" | "redis",
  database: "pglite" | "postgres",
  bar: number,
): Promise<Target> {
  const server = await spawnServer(here("./bench-server.ts"), [counters, database]);
  const key = server.line.split(" ")[2] ?? "";
  return {
    name: `offerkit: ${counters} counters, ${database === "pglite" ? "embedded PGlite" : "PostgreSQL"}`,
    bar,
    pid: server.child.pid,
    options: {
      url: `http://127.0.0.1:${server.port}/v1/decisions`,
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      bodies,
    },
    stop: server.stop,
  };
}

/** The engine alone behind bare node:http: the ceiling the server's rows are measured against. */
async function startBareEngine(): Promise<Target> {
  const server = await spawnServer(here("./bare-engine-server.ts"), []);
  return {
    name: "reference: engine on bare node:http (no auth/logs/events)",
    pid: server.child.pid,
    options: {
      url: `http://127.0.0.1:${server.port}/`,
      method: "POST",
      headers: { "content-type": "application/json" },
      bodies,
    },
    stop: server.stop,
  };
}

async function measure(target: Target, round: number): Promise<Run> {
  const before = {
    server: processCpuSeconds(target.pid),
    postgres: commandCpuSeconds("postgres"),
    redis: commandCpuSeconds("redis-server"),
    self: process.cpuUsage(),
  };
  const result = await load(target.name, { ...target.options, durationSeconds });
  const self = process.cpuUsage(before.self);
  const requests = Math.max(1, result.requestsPerSecond * durationSeconds);
  const perRequest = (seconds: number) => (seconds * 1e6) / requests;
  return {
    ...result,
    round,
    serverCpu: perRequest(processCpuSeconds(target.pid) - before.server),
    postgresCpu: perRequest(cpuSecondsBetween(before.postgres, commandCpuSeconds("postgres"))),
    redisCpu: perRequest(cpuSecondsBetween(before.redis, commandCpuSeconds("redis-server"))),
    loadGeneratorCpu: perRequest((self.user + self.system) / 1e6),
  };
}

const peer = await startPeer();
const targets: Target[] = [
  peer,
  await startOfferkit("memory", "pglite", 1.0),
  await startOfferkit("memory", "postgres", 1.0),
  await startOfferkit("redis", "postgres", 0.7),
  await startBareEngine(),
];
const runs = new Map<Target, Run[]>(targets.map((t) => [t, []]));
try {
  for (const target of targets) await load("warm-up", { ...target.options, durationSeconds: 3 }); // JIT, pools, caches
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no target always runs right after the same neighbour.
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    for (const target of order) {
      const run = await measure(target, round);
      runs.get(target)!.push(run);
      process.stderr.write(
        `round ${round + 1}/${rounds} ${target.name}: ${run.requestsPerSecond.toFixed(0)} req/s, p99 ${run.p99} ms\n`,
      );
    }
  }
} finally {
  for (const target of targets) await target.stop();
}

const best = (target: Target): Run =>
  runs.get(target)!.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
/** Each round's req/s over the peer's req/s in the same round. */
const pairedRatios = (target: Target): number[] =>
  runs
    .get(target)!
    .map(
      (run) =>
        run.requestsPerSecond /
        (runs.get(peer)!.find((p) => p.round === run.round)?.requestsPerSecond ?? NaN),
    );
const peerBest = best(peer);

console.log(
  `\nPOST /v1/decisions, ${workload.offers.length} offers, caps on, decision events stored; autocannon -c 50, ${rounds} interleaved rounds × ${durationSeconds} s, best round shown`,
);
console.log(
  `node ${process.version}, ${cpus().length} cores, load average before ${loadBefore.map((l) => l.toFixed(1)).join(" ")}, after ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}\n`,
);
const header = [
  "target",
  "req/s",
  "p50 ms",
  "p99 ms",
  "× peer (best)",
  "× peer (median of rounds)",
  "server CPU µs/req",
  "PostgreSQL µs/req",
  "Redis µs/req",
  "autocannon µs/req",
  "non-2xx",
  "errors",
];
const lines = targets.map((t) => {
  const r = best(t);
  return [
    t.name,
    r.requestsPerSecond.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    (r.requestsPerSecond / peerBest.requestsPerSecond).toFixed(2),
    median(pairedRatios(t)).toFixed(2),
    r.serverCpu.toFixed(0),
    r.postgresCpu.toFixed(0),
    r.redisCpu.toFixed(0),
    r.loadGeneratorCpu.toFixed(0),
    String(runs.get(t)!.reduce((n, x) => n + x.non2xx, 0)),
    String(runs.get(t)!.reduce((n, x) => n + x.errors, 0)),
  ];
});
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
const format = (cells: string[]): string =>
  `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
console.log(format(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const line of lines) console.log(format(line));
console.log(
  `\nper round (req/s): ${targets
    .map(
      (t) =>
        `${t.name.split(" (")[0]}: ${runs
          .get(t)!
          .map((r) => r.requestsPerSecond.toFixed(0))
          .join(" / ")}`,
    )
    .join("; ")}`,
);

const judged = targets.filter((t): t is Target & { bar: number } => t.bar !== undefined);
const bars = [
  ...judged.map((t) => {
    const ratio = best(t).requestsPerSecond / peerBest.requestsPerSecond;
    return {
      name: `${t.name} ≥ ${t.bar.toFixed(1)}× express hello: ${ratio.toFixed(2)} best-of-${rounds} (median of rounds ${median(pairedRatios(t)).toFixed(2)})`,
      ok: ratio >= t.bar,
    };
  }),
  ...judged.map((t) => ({
    name: `p99 ≤ 20 ms: ${t.name} (${best(t).p99} ms in its best round; lowest ${Math.min(...runs.get(t)!.map((r) => r.p99))} ms)`,
    ok: best(t).p99 <= 20,
  })),
  {
    name: "no non-2xx answers, no errors",
    ok: judged.every((t) => runs.get(t)!.every((r) => r.non2xx === 0 && r.errors === 0)),
  },
];
console.log("");
for (const bar of bars) console.log(`${bar.ok ? "PASS" : "FAIL"}  ${bar.name}`);
process.exitCode = bars.every((b) => b.ok) ? 0 : 1;
