import type { Estimate, ReplayReport } from "@offerkit/core";

/** A replay report as a person reads it: the estimates with their intervals, then the share shifts. */
export function formatReplay(report: ReplayReport, libraryPath: string): string {
  const { estimates } = report;
  const skipped = Object.entries(report.skipped);
  const lines = [
    `Replay of ${estimates.decisions} logged decision(s) through ${libraryPath}` +
      (skipped.length === 0
        ? ""
        : ` (left out: ${skipped.map(([reason, n]) => `${n} ${reason}`).join("; ")})`),
    "Clicks per decision, 95 % confidence intervals:",
    "",
    row("logged policy (observed)", estimates.logged),
    row("new library, IPS", estimates.ips),
    row("new library, SNIPS", estimates.snips),
    row("new library, doubly robust", estimates.doublyRobust),
  ];
  if (report.shareChanges.length > 0) {
    const width = Math.max(5, ...report.shareChanges.map((s) => s.offerId.length));
    lines.push(
      "",
      "Offers whose share changes most:",
      `  ${"offer".padEnd(width)}  logged      new   change`,
    );
    for (const s of report.shareChanges) {
      lines.push(
        `  ${s.offerId.padEnd(width)}  ${pct(s.loggedShare)}  ${pct(s.newShare)}  ${signed(s.change)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function row(label: string, e: Estimate): string {
  const interval = Number.isNaN(e.low) ? "no data" : `[${e.low.toFixed(4)}, ${e.high.toFixed(4)}]`;
  return `  ${label.padEnd(28)} ${e.estimate.toFixed(4)}  ${interval}`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`.padStart(7);
}

function signed(x: number): string {
  const pp = 100 * x;
  return `${pp >= 0 ? "+" : ""}${pp.toFixed(1)} pp`.padStart(9);
}
