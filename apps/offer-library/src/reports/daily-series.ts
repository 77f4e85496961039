import type { OfferReport } from "./report-types.js";

/** Every day from `from` to `to` (inclusive), YYYY-MM-DD; the report leaves days without events out. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && days.length <= 400; t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export interface DailyTotals {
  days: string[];
  decisions: number[];
  fallbacks: number[];
  displays: number[];
  interacts: number[];
  /** interacts / displays per day; null without displays. */
  interactRate: (number | null)[];
  /** fallbacks / propositions per day over the report's placements; null without propositions. */
  fallbackShare: (number | null)[];
}

/** Sums the report's rows per day (the rows are already filtered by the request's offer / placement). */
export function dailyTotals(report: OfferReport): DailyTotals {
  const days = daysOf(report.from, report.to);
  const index = new Map(days.map((d, i) => [d, i]));
  const zeros = () => days.map(() => 0);
  const t = {
    decisions: zeros(),
    fallbacks: zeros(),
    displays: zeros(),
    interacts: zeros(),
    propositions: zeros(),
    fellBack: zeros(),
  };
  for (const row of report.rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    t.decisions[i]! += row.decisions;
    t.fallbacks[i]! += row.fallbacks;
    t.displays[i]! += row.displays;
    t.interacts[i]! += row.interacts;
  }
  for (const p of report.placements) {
    const i = index.get(p.day);
    if (i === undefined) continue;
    t.propositions[i]! += p.propositions;
    t.fellBack[i]! += p.fallbacks;
  }
  return {
    days,
    decisions: t.decisions,
    fallbacks: t.fallbacks,
    displays: t.displays,
    interacts: t.interacts,
    interactRate: days.map((_, i) =>
      t.displays[i] === 0 ? null : t.interacts[i]! / t.displays[i]!,
    ),
    fallbackShare: days.map((_, i) =>
      t.propositions[i] === 0 ? null : t.fellBack[i]! / t.propositions[i]!,
    ),
  };
}

/** "12.5 %" (one decimal), or "–" for no value. */
export function percent(value: number | null): string {
  return value === null ? "–" : `${(Math.round(value * 1000) / 10).toFixed(1)} %`;
}
