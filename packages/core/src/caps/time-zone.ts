import { OfferkitError } from "../errors/index.js";
import { DAY_MS } from "./civil-day.js";

/**
 * Time-zone maths with Intl only (core runs in browsers and on edge runtimes; no date library).
 * Intl can turn an instant into local wall-clock fields; the reverse (local midnight → instant)
 * is solved here by trying the offsets in force around the target and, inside a daylight-saving
 * gap, by bisection.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        era: "short",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch (error) {
      throw new OfferkitError("VALIDATION_FAILED", `unknown time zone "${timeZone}"`, {
        cause: error,
      });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime's Intl knows this IANA time zone (use it to validate libraries). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The local wall-clock time of `instant` in `timeZone`, expressed as if it were a UTC epoch-ms value
 * (so `wallClockOf(t) - t` is the zone's offset at t).
 */
export function wallClockOf(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  const fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  let beforeCommonEra = false;
  for (const part of formatterFor(timeZone).formatToParts(wholeSecond)) {
    if (part.type === "era") beforeCommonEra = part.value.startsWith("B");
    else if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const date = new Date(0);
  date.setUTCFullYear(
    beforeCommonEra ? 1 - fields.year : fields.year,
    fields.month - 1,
    fields.day,
  );
  date.setUTCHours(fields.hour, fields.minute, fields.second, 0);
  return date.getTime() + (instant - wholeSecond);
}

/** The civil day (days since 1970-01-01 in the local calendar) that `instant` falls on in `timeZone`. */
export function civilDayOf(instant: number, timeZone: string): number {
  return Math.floor(wallClockOf(instant, timeZone) / DAY_MS);
}

/**
 * The first instant whose local date in `timeZone` is `civilDay` or later: local midnight, or, where
 * the clocks skip midnight (e.g. America/Santiago in September), the moment the day actually begins.
 * When midnight happens twice (clocks fall back across it), the earlier one.
 */
export function startOfCivilDay(civilDay: number, timeZone: string): number {
  const midnightWall = civilDay * DAY_MS;
  // Offsets in force a day either side bound every transition near this midnight.
  const offsets = new Set<number>();
  for (const probe of [midnightWall - DAY_MS, midnightWall, midnightWall + DAY_MS]) {
    offsets.add(wallClockOf(probe, timeZone) - probe);
  }
  const candidates = [...offsets].map((offset) => midnightWall - offset).sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (wallClockOf(candidate, timeZone) === midnightWall) return candidate;
  }
  // Midnight falls in a gap: bisect (to the second) for the first instant already on this day.
  let before = candidates[0] ?? midnightWall;
  let after = candidates[candidates.length - 1] ?? midnightWall;
  if (civilDayOf(before, timeZone) >= civilDay) return before;
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000;
    if (civilDayOf(middle, timeZone) >= civilDay) after = middle;
    else before = middle;
  }
  return after;
}
