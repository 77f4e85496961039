/**
 * `pnpm bench` (core): the benchmark workload of DESIGN.md through the engine at 1,000 / 10,000 /
 * 100,000 offers, and — on the same generated rules translated to each dialect — json-logic-engine's
 * compiled mode and a plain full-scan closure baseline. Prints decisions/s, p50/p99 latency, the
 * ratios against the bars of issue 3, and the compile time and heap of a 10,000-offer library.
 *
 * BENCH_SECONDS (default 3) sets the measuring time per row; BENCH_SIZES (default 1000,10000,100000).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DecisionEngine } from "../src/index.js";
import { generateWorkload, type Workload } from "../src/bench-workload/workload.js";
import { closureBaseline } from "./peers/closure-baseline.js";
import { jsonLogicPeer } from "./peers/json-logic.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 2);
const SIZES = (process.env["BENCH_SIZES"] ?? "1000,10000,100000").split(",").map(Number);
const NOW = new Date("2026-06-10T12:00:00Z");

interface Row {
  name: string;
  offers: number;
  /** Decisions per wall-clock second. */
  perSecond: number;
  /** Decisions per second of this process's CPU time: steady on a shared, loaded machine. */
  perCpuSecond: number;
  p50: number;
  p99: number;
}

type DecideFn = (i: number) => unknown;

async function measure(name: string, offers: number, fn: DecideFn, profiles: number): Promise<Row> {
  // Warm up by time and by count, so the JIT has optimized the hot closures before measuring.
  const warmupEnd = performance.now() + Math.min(1000, SECONDS * 300);
  let i = 0;
  while (performance.now() < warmupEnd || i < 3000) {
    const r = fn(i++ % profiles);
    if (r instanceof Promise) await r;
  }
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + SECONDS * 1000;
  let t = start;
  while (t < end) {
    const r = fn(i++ % profiles);
    if (r instanceof Promise) await r;
    const t2 = performance.now();
    latencies.push(t2 - t);
    t = t2;
  }
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return {
    name,
    offers,
    perSecond: latencies.length / ((t - start) / 1000),
    perCpuSecond: latencies.length / ((cpu.user + cpu.system) / 1e6),
    p50: q(0.5),
    p99: q(0.99),
  };
}

function offerkitDecide(workload: Workload): { fn: DecideFn; engine: DecisionEngine } {
  const engine = new DecisionEngine({ library: workload.library, clock: { now: () => NOW } });
  const scopes = [{ decisionId: "bench", placementId: "web", itemCount: 3 }];
  const requests = workload.profiles.map((profile, i) => ({
    profile,
    context: workload.contexts[i]!,
    scopes,
  }));
  return { engine, fn: (i) => engine.decide(requests[i]!) };
}

/** The peers must agree with offerkit on the top 3 for the same profiles, or the comparison is void. */
async function checkAgreement(
  workload: Workload,
  engine: DecisionEngine,
  peers: Record<string, (p: Record<string, unknown>, c: Record<string, unknown>) => string[]>,
) {
  for (let i = 0; i < 200; i++) {
    const profile = workload.profiles[i]!;
    const context = workload.contexts[i]!;
    const r = await engine.decide({
      profile,
      context,
      scopes: [{ decisionId: "bench", placementId: "web", itemCount: 3 }],
      options: { dryRun: true },
    });
    const ours = r.propositions[0]!.items.map((it) => it.offerId);
    for (const [name, peer] of Object.entries(peers)) {
      const theirs = peer({ ...profile.attributes, id: profile.id }, context);
      if (theirs.length > 0 && ours.join() !== theirs.join()) {
        throw new Error(
          `${name} disagrees with offerkit on profile ${profile.id}: ${theirs.join()} vs ${ours.join()}`,
        );
      }
    }
  }
}

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const fmt = (n: number, d = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

async function main() {
  const rows: Row[] = [];
  const bars: string[] = [];
  let ok = true;
  // Each engine is measured in ROUNDS interleaved rounds and keeps its best round, so a burst of
  // load from other processes on a shared machine does not decide a comparison.
  const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3);
  const best = (a: Row | undefined, b: Row) =>
    a === undefined || b.perCpuSecond > a.perCpuSecond ? b : a;
  for (const size of SIZES) {
    const workload = generateWorkload({ offers: size, profiles: 1000, seed: 42 });
    const { fn, engine } = offerkitDecide(workload);
    const contenders: [string, DecideFn][] = [["offerkit", fn]];
    if (size === 1000) {
      const closure = closureBaseline(workload);
      const jsonLogic = jsonLogicPeer(workload);
      await checkAgreement(workload, engine, {
        "closure baseline": closure,
        "json-logic-engine": jsonLogic,
      });
      const profiles = workload.profiles.map((p) => ({ ...p.attributes, id: p.id }));
      contenders.push([
        "full-scan closure baseline",
        (i) => closure(profiles[i]!, workload.contexts[i]!),
      ]);
      contenders.push([
        "json-logic-engine (compiled)",
        (i) => jsonLogic(profiles[i]!, workload.contexts[i]!),
      ]);
    }
    const kept = new Map<string, Row>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, f] of contenders)
        kept.set(
          name,
          best(kept.get(name), await measure(name, size, f, workload.profiles.length)),
        );
    }
    rows.push(...kept.values());
  }

  console.log(
    `\nDecisions on the DESIGN.md workload (${SECONDS}s per row, top 3, ~4 % eligible; node ${process.version})\n`,
  );
  console.log(
    "| engine | offers | decisions/s (wall) | decisions per CPU-second | p50 µs | p99 µs |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fmt(r.offers)} | ${fmt(r.perSecond)} | ${fmt(r.perCpuSecond)} | ${fmt(r.p50 * 1000)} | ${fmt(r.p99 * 1000)} |`,
    );
  }
  const [load1] = (await import("node:os")).loadavg();
  console.log(
    `\n(load average ${fmt(load1 ?? 0, 1)} on ${(await import("node:os")).cpus().length} cores; the bars use decisions per CPU-second)`,
  );

  const at = (name: string, offers: number) =>
    rows.find((r) => r.name === name && r.offers === offers);
  const ours1k = at("offerkit", 1000);
  const jl = at("json-logic-engine (compiled)", 1000);
  const cl = at("full-scan closure baseline", 1000);
  if (ours1k && jl && cl) {
    const vsJl = ours1k.perCpuSecond / jl.perCpuSecond;
    const vsCl = ours1k.perCpuSecond / cl.perCpuSecond;
    bars.push(
      `offerkit / json-logic-engine at 1,000 offers: ${fmt(vsJl, 1)}× (bar ≥ 10×) ${vsJl >= 10 ? "PASS" : "FAIL"}`,
    );
    bars.push(
      `offerkit / full-scan closure at 1,000 offers: ${fmt(vsCl, 1)}× (bar ≥ 2×) ${vsCl >= 2 ? "PASS" : "FAIL"}`,
    );
    ok &&= vsJl >= 10 && vsCl >= 2;
  }
  const ours100k = at("offerkit", 100000);
  if (ours1k && ours100k) {
    const growth = ours1k.perCpuSecond / ours100k.perCpuSecond;
    bars.push(
      `time per decision at 100,000 vs 1,000 offers: ${fmt(growth, 2)}× (bar ≤ 5×) ${growth <= 5 ? "PASS" : "FAIL"}`,
    );
    ok &&= growth <= 5;
  }

  // Compile time and heap of a 10,000-offer library, compiled beside a serving engine.
  const big = generateWorkload({ offers: 10000, profiles: 10, seed: 7 });
  const engine = new DecisionEngine({ clock: { now: () => NOW } });
  const before = heapMb();
  const t0 = performance.now();
  const compiled = engine.prepareLibrary(big.library);
  const compileMs = performance.now() - t0;
  const after = heapMb();
  engine.swapLibrary(compiled);
  console.log(
    `\nCompile a 10,000-offer library: ${fmt(compileMs)} ms in one go, heap +${fmt(after - before, 1)} MB`,
  );
  // The serving path: compile in slices beside a ticking event loop, then swap in one assignment.
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const t = performance.now();
    longest = Math.max(longest, t - last);
    last = t;
  }, 1);
  const t1 = performance.now();
  engine.swapLibrary(await engine.prepareLibraryAsync(big.library));
  const asyncMs = performance.now() - t1;
  clearInterval(ticker);
  console.log(
    `Compile it beside live traffic (prepareLibraryAsync): ${fmt(asyncMs)} ms, longest event-loop pause ${fmt(longest, 1)} ms`,
  );

  console.log("\nBars (issue 3):");
  for (const b of bars) console.log(`  ${b}`);
  if (!ok) process.exitCode = 1;
}

await main();
