/**
 * Micro-benchmark of the rule runtimes on the DESIGN.md workload: one "decision" = every offer's
 * eligibility rule for one profile (full scan, no index) + the ranking formula for the eligible.
 * Compares CelCompiler (lazy attribute slots, the shipped mode), CelCompiler with slots resolved
 * eagerly at frame creation, and CelInterpreter (cel-js's evaluator). Prints decisions/s and ratios.
 *
 *   npx tsx --conditions=@offerkit/source bench/cel.bench.ts      (BENCH_SECONDS, BENCH_OFFERS)
 */
import { generateWorkload, toCel } from "../src/bench-workload/workload.js";
import {
  CelCompiler,
  CelInterpreter,
  type CompiledExpression,
  type Frame,
  type FrameInput,
  type OfferView,
  type RuleRuntime,
} from "../src/rules/index.js";
import type { CelFrame } from "../src/rules/attribute-slots.js";

const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 2);
const OFFERS = Number(process.env["BENCH_OFFERS"] ?? 1000);
const NOW = new Date("2026-06-10T12:00:00Z");

const workload = generateWorkload({ offers: OFFERS, profiles: 1000 });
const sources = workload.offers.map((o) => toCel(o.conditions));
const views: OfferView[] = workload.offers.map((o) => ({
  id: o.id,
  priority: o.priority,
  tags: [],
  attributes: {},
}));
const inputs: FrameInput[] = workload.profiles.map((p, i) => ({
  profile: p.attributes,
  context: workload.contexts[i % workload.contexts.length] ?? {},
  now: NOW,
}));

interface Compiled {
  rules: CompiledExpression<boolean>[];
  formula: CompiledExpression<number>;
  compileMs: number;
}

function compileAll(rt: RuleRuntime): Compiled {
  const t = performance.now();
  const rules = sources.map((s) => {
    const r = rt.compileBool(s);
    if (!r.ok) throw new Error(`${s}: ${r.problems[0]?.message}`);
    return r.expression;
  });
  const f = rt.compileNumber(workload.formula);
  if (!f.ok) throw new Error(f.problems[0]?.message);
  return { rules, formula: f.expression, compileMs: performance.now() - t };
}

function decide(c: Compiled, frame: Frame): number {
  let eligible = 0;
  let best = -Infinity;
  for (let i = 0; i < c.rules.length; i++) {
    const r = (c.rules[i] as CompiledExpression<boolean>).evaluate(frame, views[i]);
    if (r.ok && r.value) {
      eligible++;
      const s = c.formula.evaluate(frame, views[i]);
      if (s.ok && s.value > best) best = s.value;
    }
  }
  return eligible;
}

function run(name: string, rt: RuleRuntime, makeFrame: (input: FrameInput) => Frame): number {
  const c = compileAll(rt);
  let n = 0;
  let eligible = 0;
  const warm = performance.now() + 500;
  while (performance.now() < warm) decide(c, makeFrame(inputs[n++ % inputs.length] as FrameInput));
  n = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + SECONDS * 1000;
  while (performance.now() < end) {
    eligible += decide(c, makeFrame(inputs[n % inputs.length] as FrameInput));
    n++;
  }
  const perSecond = n / ((performance.now() - start) / 1000);
  const cpu = process.cpuUsage(cpu0);
  // Per CPU-second as well: on a shared machine wall-clock rates swing with other load.
  const perCpuSecond = n / ((cpu.user + cpu.system) / 1e6);
  console.log(
    `${name.padEnd(34)} ${perSecond.toFixed(0).padStart(7)} decisions/s  ${perCpuSecond.toFixed(0).padStart(7)} per CPU-s  compile ${c.compileMs.toFixed(0)} ms  eligible ${((eligible / n / OFFERS) * 100).toFixed(1)} %`,
  );
  return perCpuSecond;
}

console.log(`CEL runtimes, ${OFFERS} offers, full scan, ${SECONDS}s per row`);
const eagerCompiler = new CelCompiler();
const eager = run("CelCompiler (eager slots)", eagerCompiler, (input) => {
  const f = eagerCompiler.createFrame(input) as CelFrame;
  for (let i = 0; i < eagerCompiler.slots.size; i++) f.resolve(i);
  return f;
});
const compiler = new CelCompiler();
const lazy = run("CelCompiler (lazy slots)", compiler, (input) => compiler.createFrame(input));
const interpreter = new CelInterpreter();
const interpreted = run("CelInterpreter (cel-js evaluator)", interpreter, (input) =>
  interpreter.createFrame(input),
);
console.log(
  `compiler / interpreter (CPU-time): ${(lazy / interpreted).toFixed(1)}x   eager / lazy slots: ${(eager / lazy).toFixed(2)}x   attribute slots: ${compiler.slots.size}`,
);
