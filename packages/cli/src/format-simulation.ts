import type { DecisionResponse, Proposition, ScopeTrace, TraceCandidate } from "@offerkit/core";

/** A simulation as a person reads it: what was proposed, then why each candidate stayed or left. */
export function formatSimulation(response: DecisionResponse): string {
  const lines: string[] = [
    `library version ${response.libraryVersion}${response.trace ? ` · evaluated at ${response.trace.now}` : ""}`,
  ];
  for (const error of response.errors) {
    lines.push(
      "",
      `✗ ${error.decisionId} / ${error.placementId}: ${error.code} — ${error.message}`,
    );
  }
  for (const proposition of response.propositions) {
    lines.push("", ...formatProposition(proposition));
    const trace = response.trace?.scopes.find(
      (s) => s.decisionId === proposition.decisionId && s.placementId === proposition.placementId,
    );
    if (trace) lines.push(...formatTrace(trace));
  }
  return `${lines.join("\n")}\n`;
}

function formatProposition(p: Proposition): string[] {
  const head = `${p.decisionId} / ${p.placementId} → ${p.reason === "ranked" ? `${p.items.length} item(s)` : "fallback"}  (proposition ${p.id})`;
  if (p.fallback) return [head, `  fallback  ${p.fallback.offerId}  "${p.fallback.name}"`];
  return [
    head,
    ...p.items.map(
      (i) =>
        `  ${String(i.rank).padStart(2)}. ${i.offerId}  "${i.name}"  score ${round(i.score)}  priority ${i.priority}`,
    ),
  ];
}

function formatTrace(trace: ScopeTrace): string[] {
  if (trace.candidates.length === 0) return ["  trace: no candidates"];
  const width = Math.min(40, Math.max(...trace.candidates.map((c) => c.offerId.length)));
  const lines = ["  trace:"];
  let group = -1;
  for (const c of trace.candidates) {
    if (c.groupIndex !== group) {
      group = c.groupIndex;
      lines.push(`    group ${group}`);
    }
    lines.push(
      `      ${c.stage === "selected" ? "✓" : "✗"} ${c.offerId.padEnd(width)}  ${c.stage.padEnd(14)} ${detail(c)}`,
    );
  }
  return lines;
}

function detail(c: TraceCandidate): string {
  const parts: string[] = [];
  if (c.reason) parts.push(c.reason);
  if (c.expression) parts.push(`[${c.expression}]`);
  if (c.cap) parts.push(`cap ${c.cap.capId} ${c.cap.count}/${c.cap.limit}`);
  if (c.score !== undefined) {
    const sp = c.scoreParts;
    parts.push(
      `score ${round(c.score)}${sp ? ` (${sp.method}${sp.formula !== undefined ? ` ${round(sp.formula)}` : ""}, priority ${sp.priority})` : ""}`,
    );
  }
  return parts.join("  ");
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3);
}
