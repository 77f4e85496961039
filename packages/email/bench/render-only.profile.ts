// Development aid: render cost without the decide (decisions recorded first, replayed). Not the bar.
import { readFileSync } from "node:fs";
import { DecisionEngine, type DecisionRequestInput, type DecisionResponse } from "@offerkit/core";
import { retailDemoLibrary } from "@offerkit/core/demo";
import { compileTemplate, EmailLinks, EmailTokenCodec, render } from "../src/index.js";
import { benchRecipient } from "./bench-profiles.js";

const N = 2000;
const source = readFileSync(
  new URL("../../../examples/email/templates/newsletter.mjml", import.meta.url),
  "utf8",
);
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
const compiled = await compileTemplate(source, { id: "newsletter" });
const responses: DecisionResponse[] = [];
for (let i = 0; i < N; i++) {
  const r = benchRecipient(i);
  responses.push(
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
let next = 0;
const replay = {
  decide: (_request: DecisionRequestInput) => Promise.resolve(responses[next++ % N]!),
};
const recipients = Array.from({ length: N }, (_, i) => benchRecipient(i));
const options = {
  decider: replay,
  campaignId: "bench",
  links,
  messageIdDomain: "mail.northwind.example",
};
const rounds = Number(process.env.ROUNDS ?? 20);
let sink = 0;
const perRound: number[] = [];
for (let round = 0; round < rounds; round++) {
  next = 0;
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const email = await render(compiled, recipients[i]!, options);
    sink +=
      email.html.charCodeAt(email.html.length >> 1) + email.text.charCodeAt(email.text.length >> 1);
  }
  const c = process.cpuUsage(c0);
  perRound.push((c.user + c.system) / N);
  if (round % 5 === 4)
    console.log(
      `render only: ${((c.user + c.system) / N).toFixed(1)} µs CPU per recipient`,
      sink > 0,
    );
}
perRound.sort((a, b) => a - b);
// The quietest rounds: the machine is shared, other work only ever adds time.
console.log(
  `render only: min ${perRound[0]!.toFixed(1)} µs, median ${perRound[perRound.length >> 1]!.toFixed(1)} µs CPU per recipient`,
  sink > 0,
);
