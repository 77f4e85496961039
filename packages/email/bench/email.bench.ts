/**
 * Bar (issue 6): decide + render HTML + text per recipient for 100,000 recipients, against
 * mjml2html per recipient on a sample of 200 in the same run: offerkit ≥ 300× faster per recipient,
 * with peak RSS flat in the number of recipients (streaming: nothing per recipient is kept).
 *
 *   pnpm bench            (EMAIL_BENCH_RECIPIENTS=20000 for a quicker run)
 *
 * Times are reported as wall clock and as process CPU time; the ratio uses CPU time, which is less
 * disturbed by other work on a shared machine (both sides are measured the same way).
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { DecisionEngine, type DecisionRequestInput, type DecisionResponse } from "@offerkit/core";
import { retailDemoLibrary } from "@offerkit/core/demo";
import { compileTemplate, EmailLinks, EmailTokenCodec, render } from "../src/index.js";
import { benchRecipient } from "./bench-profiles.js";
import { renderWithMjmlPerRecipient } from "./mjml-per-recipient.js";

const RECIPIENTS = Number(process.env.EMAIL_BENCH_RECIPIENTS ?? 100_000);
const SAMPLE = Number(process.env.EMAIL_BENCH_MJML_SAMPLE ?? 200);
const BAR = 300;
const TEMPLATE = new URL("../../../examples/email/templates/newsletter.mjml", import.meta.url);
const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

const source = readFileSync(TEMPLATE, "utf8");
const BENCH_NOW = Date.parse("2026-11-22T09:00:00Z");
const engine = new DecisionEngine({
  library: retailDemoLibrary,
  // A fixed instant (parsed once: parsing an ISO string per decision would be counted as render time).
  clock: { now: () => new Date(BENCH_NOW) },
});
const links = new EmailLinks({
  tokens: new EmailTokenCodec([{ id: "bench", secret: new Uint8Array(32).fill(42) }]),
  baseUrl: "https://t.northwind.example",
});
// Dry-run decisions: the in-memory counter store would otherwise keep per-profile cap counters for
// 100,000 distinct profiles — engine state (Redis/SQL in production), not the email pipeline's.
const renderOptions = {
  decider: engine,
  campaignId: "bench",
  links,
  messageIdDomain: "mail.northwind.example",
  dryRun: true,
} as const;

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

const compileStart = performance.now();
const compiled = await compileTemplate(source, { id: "newsletter" });
const compileMs = performance.now() - compileStart;

// Warm up both paths (JIT, lazy module loading, MJML's first-call cost) before timing.
for (let i = 0; i < 200; i++) await render(compiled, benchRecipient(1_000_000 + i), renderOptions);
for (let i = 0; i < 5; i++)
  await renderWithMjmlPerRecipient(source, benchRecipient(2_000_000 + i), engine, links);

gc?.();
const rssAt: { recipients: number; rssMb: number; heapMb: number }[] = [];
let bytes = 0;
const wallStart = performance.now();
const cpuStart = cpuMicros();
let peakRss = process.memoryUsage().rss;
let excludedWallMs = 0;
let excludedCpuUs = 0;
const checkpoint = Math.max(1, Math.floor(RECIPIENTS / 10));
for (let i = 0; i < RECIPIENTS; i++) {
  const email = await render(compiled, benchRecipient(i), renderOptions);
  // Reading a character flattens the concatenated strings: the message is really built, as it would be for SMTP.
  bytes +=
    email.htmlBytes +
    email.text.length +
    (email.html.charCodeAt(email.html.length >> 1) & 0) +
    (email.text.charCodeAt(email.text.length >> 1) & 0);
  if ((i + 1) % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if ((i + 1) % checkpoint === 0) {
    // Forced GC makes the memory figures comparable; its time is not the renderer's, so it is excluded.
    const pauseWall = performance.now();
    const pauseCpu = cpuMicros();
    gc?.();
    const memory = process.memoryUsage();
    rssAt.push({ recipients: i + 1, rssMb: memory.rss / MB, heapMb: memory.heapUsed / MB });
    excludedWallMs += performance.now() - pauseWall;
    excludedCpuUs += cpuMicros() - pauseCpu;
  }
}
const offerkitWallUs = ((performance.now() - wallStart - excludedWallMs) * 1000) / RECIPIENTS;
const offerkitCpuUs = (cpuMicros() - cpuStart - excludedCpuUs) / RECIPIENTS;

// Where the offerkit time goes: the decision alone, same recipients (a subset).
const decideSample = Math.min(RECIPIENTS, 20_000);
const decideCpuStart = cpuMicros();
for (let i = 0; i < decideSample; i++) {
  const r = benchRecipient(i);
  await engine.decide({
    profile: { id: r.id, attributes: r.profile ?? {} },
    context: { channel: "email", ...r.context },
    scopes: compiled.slots.map((s) => ({
      decisionId: s.decisionId,
      placementId: s.placementId,
      itemCount: s.items,
    })),
    options: { dryRun: true },
  });
}
const decideCpuUs = (cpuMicros() - decideCpuStart) / decideSample;

// The email side alone: the same render (HTML + text + subject + preheader + every signed link +
// message identity + display events), fed decisions recorded from the engine for the same recipients
// so the decide is left out. Nothing per recipient is reused: only the decide response is replayed.
const emailSample = Math.min(RECIPIENTS, 5_000);
const emailPasses = 4;
const recorded: DecisionResponse[] = [];
const sampleRecipients = Array.from({ length: emailSample }, (_, i) => benchRecipient(i));
for (const r of sampleRecipients) {
  recorded.push(
    await engine.decide({
      profile: { id: r.id, attributes: r.profile ?? {} },
      context: { channel: "email", ...r.context },
      scopes: compiled.slots.map((s) => ({
        decisionId: s.decisionId,
        placementId: s.placementId,
        itemCount: s.items,
      })),
      options: { dryRun: true },
    }),
  );
}
let replayAt = 0;
const replay = {
  decide: (_request: DecisionRequestInput) => Promise.resolve(recorded[replayAt++ % emailSample]!),
};
const replayOptions = { ...renderOptions, decider: replay };
gc?.();
let emailBytes = 0;
const emailCpuStart = cpuMicros();
for (let pass = 0; pass < emailPasses; pass++) {
  replayAt = 0;
  for (let i = 0; i < emailSample; i++) {
    const email = await render(compiled, sampleRecipients[i]!, replayOptions);
    emailBytes +=
      email.htmlBytes +
      email.text.length +
      (email.html.charCodeAt(email.html.length >> 1) & 0) +
      (email.text.charCodeAt(email.text.length >> 1) & 0);
  }
}
const emailCpuUs = (cpuMicros() - emailCpuStart) / (emailSample * emailPasses);
if (emailBytes / (emailSample * emailPasses) < bytes / RECIPIENTS / 2)
  throw new Error("replayed renders are not the same messages");

// One signed click link alone (what a message pays per link), same claims shape as render's.
const signSample = 200_000;
const signCpuStart = cpuMicros();
for (let i = 0; i < signSample; i++) {
  links.clickUrl({
    r: `bench-${i}`,
    c: "bench",
    u: "https://shop.northwind.example/running",
    o: [`prop-${i}`, "lifecycle", "email-grid", "running-shoes"],
  });
}
const signCpuUs = (cpuMicros() - signCpuStart) / signSample;

const baselineWallStart = performance.now();
const baselineCpuStart = cpuMicros();
let baselineBytes = 0;
for (let i = 0; i < SAMPLE; i++) {
  const { html, text } = await renderWithMjmlPerRecipient(source, benchRecipient(i), engine, links);
  baselineBytes += html.length + text.length;
}
const baselineWallUs = ((performance.now() - baselineWallStart) * 1000) / SAMPLE;
const baselineCpuUs = (cpuMicros() - baselineCpuStart) / SAMPLE;

const ratioCpu = baselineCpuUs / offerkitCpuUs;
const ratioWall = baselineWallUs / offerkitWallUs;
const first = rssAt[0]!;
const last = rssAt[rssAt.length - 1]!;
const growthMb = last.rssMb - first.rssMb;
const flat = growthMb < 32;
const fast = ratioCpu >= BAR;

const f = (n: number, d = 1) => n.toFixed(d);
console.log(
  `email bench — template newsletter.mjml (hero + 3-offer grid), retail demo library, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log(
  `compile once:            ${f(compileMs, 0)} ms (MJML strict, ${compiled.slots.length} slots, ${compiled.slots.reduce((n, s) => n + s.variants.length, 0)} variants)`,
);
console.log(
  `offerkit  ${String(RECIPIENTS).padStart(7)} recipients: ${f(offerkitWallUs)} µs wall / ${f(offerkitCpuUs)} µs CPU per recipient (decide + HTML + text, ${f(bytes / RECIPIENTS / 1024)} KB each)`,
);
console.log(
  `mjml2html ${String(SAMPLE).padStart(7)} recipients: ${f(baselineWallUs)} µs wall / ${f(baselineCpuUs)} µs CPU per recipient (decide + MJML + text, ${f(baselineBytes / SAMPLE / 1024)} KB each)`,
);
console.log(
  `  of which decide:        ${f(decideCpuUs)} µs CPU (engine.decide, dry run); everything else: ${f(offerkitCpuUs - decideCpuUs)} µs CPU`,
);
console.log(
  `  email side alone:       ${f(emailCpuUs)} µs CPU per recipient (render fed recorded decisions, ${emailSample} recipients × ${emailPasses}: HTML + text + subject + preheader + signed links + ids + display events)`,
);
console.log(
  `  one signed click link:  ${f(signCpuUs, 2)} µs CPU (binary claims + HMAC-SHA256 + base64url)`,
);
console.log(
  `speed-up per recipient:  ${f(ratioCpu, 0)}× (CPU), ${f(ratioWall, 0)}× (wall)  — bar ≥ ${BAR}× ${fast ? "PASS" : "FAIL"}`,
);
console.log(
  `RSS by recipients:       ${rssAt.map((r) => `${r.recipients / 1000}k ${f(r.rssMb, 0)} MB`).join(", ")}`,
);
console.log(
  `heap after GC:           ${rssAt.map((r) => `${r.recipients / 1000}k ${f(r.heapMb, 0)} MB`).join(", ")}`,
);
console.log(
  `peak RSS:                ${f(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / MB, 0)} MB; growth ${f(first.recipients / 1000, 0)}k→${f(last.recipients / 1000, 0)}k recipients: ${f(growthMb)} MB — flat (< 32 MB) ${flat ? "PASS" : "FAIL"}`,
);
console.log(
  `speed-up excluding decide (same decide cost on both sides): ${f((baselineCpuUs - decideCpuUs) / (offerkitCpuUs - decideCpuUs), 0)}× (CPU)`,
);
console.log(
  JSON.stringify({
    recipients: RECIPIENTS,
    sample: SAMPLE,
    compileMs,
    offerkitWallUs,
    offerkitCpuUs,
    decideCpuUs,
    emailCpuUs,
    signCpuUs,
    baselineWallUs,
    baselineCpuUs,
    ratioCpu,
    ratioWall,
    rssAt,
    peakRssMb: peakRss / MB,
    growthMb,
  }),
);
process.exitCode = fast && flat ? 0 : 1;
