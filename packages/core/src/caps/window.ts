import type { CapWindow } from "../model/cap-rule.js";
import { firstDayOfMonth, monthIndexOf, weekStartOf } from "./civil-day.js";
import { type InstantInput, toEpochMs } from "./instant.js";
import { parseIsoDuration } from "./iso-duration.js";
import { civilDayOf, startOfCivilDay } from "./time-zone.js";

type CalendarWindow = Extract<CapWindow, { type: "calendar" }>;
type RollingWindow = Extract<CapWindow, { type: "rolling" }>;

/**
 * The window a cap counts in at one instant, as counter-key suffixes plus its time bounds.
 *
 * Suffixes (appended to a cap's counter key by cap-check.ts):
 * - lifetime (no window): `life` — one counter for the offer's whole life.
 * - calendar: `c<start epoch ms>` — one counter per window; the next window is a new key, so a
 *   window "resets" by construction and expiry is only garbage collection. Keyed by the start
 *   instant, so editing a cap (say day → week) keeps the count of a window starting at the same moment.
 * - rolling: `r<bucket seconds>s<bucket index>` — see ROLLING_BUCKETS.
 */
export interface CountingWindow {
  /** Suffix of the counter that counts made now go to. */
  readonly keySuffix: string;
  /** Suffixes of the counters whose sum is the cap's count now (only rolling windows have several). */
  readonly readKeySuffixes: readonly string[];
  /** First instant (epoch ms) whose counts are included; undefined for a lifetime window. */
  readonly start: number | undefined;
  /** Instant (epoch ms, exclusive) at which the window moves on; undefined for a lifetime window. */
  readonly end: number | undefined;
  /** After this instant the keySuffix counter is never read again, so stores may drop it. */
  readonly expiresAt: number | undefined;
}

/**
 * Rolling windows are bucketed sliding windows so SQL and Redis stores can keep plain counters:
 * a duration D is cut into buckets of B = D / ROLLING_BUCKETS rounded to whole seconds (at least
 * one second), aligned on the Unix epoch. The count at instant t sums the bucket holding t and the
 * ceil(D / B) buckets before it, so an event counts for at least D and at most D + B after it
 * happened: the window never forgets early (no over-delivery), and may remember one bucket long.
 * Example: P7D → 2 h 48 min buckets, 61 counters read; PT1H → 1 min buckets.
 */
export const ROLLING_BUCKETS = 60;

export function rollingBucketMs(durationMs: number): number {
  return Math.max(1000, Math.round(durationMs / ROLLING_BUCKETS / 1000) * 1000);
}

/**
 * The window `window` counts in at `now`.
 *
 * Calendar windows (day | week | month × count, in `timeZone`) start at local midnight — exact across
 * daylight-saving changes, so a Europe/Paris day lasts 23 or 25 hours on change days — and weeks
 * start on `weekStart`. With count N > 1, windows are N units long and aligned on an anchor: the
 * calendar day of `anchor` (pass the offer's startDate) in the window's zone, or, without one, the
 * fixed epoch 1970-01-01 (its week, or January 1970 for months). Example: count 2, unit week, anchor
 * on a Wednesday with weeks starting Monday → windows start on the Monday of the anchor's week and
 * every second Monday after it. Rolling windows ignore the anchor.
 */
export function countingWindowAt(
  window: CapWindow | undefined,
  now: InstantInput,
  anchor?: InstantInput,
): CountingWindow {
  const nowMs = toEpochMs(now, "now");
  if (window === undefined) {
    return {
      keySuffix: "life",
      readKeySuffixes: ["life"],
      start: undefined,
      end: undefined,
      expiresAt: undefined,
    };
  }
  if (window.type === "rolling") return rollingWindowAt(window, nowMs);
  return calendarWindowAt(
    window,
    nowMs,
    anchor === undefined ? undefined : toEpochMs(anchor, "anchor"),
  );
}

function rollingWindowAt(window: RollingWindow, now: number): CountingWindow {
  const durationMs = parseIsoDuration(window.duration);
  const bucketMs = rollingBucketMs(durationMs);
  const earlierBuckets = Math.ceil(durationMs / bucketMs);
  const current = Math.floor(now / bucketMs);
  const prefix = `r${bucketMs / 1000}s`;
  const readKeySuffixes: string[] = [];
  for (let bucket = current - earlierBuckets; bucket <= current; bucket++)
    readKeySuffixes.push(`${prefix}${bucket}`);
  return {
    keySuffix: `${prefix}${current}`,
    readKeySuffixes,
    start: (current - earlierBuckets) * bucketMs,
    end: (current + 1) * bucketMs,
    expiresAt: (current + earlierBuckets + 1) * bucketMs,
  };
}

// Intl formatting costs ~10 µs a call and the engine asks for the same windows on every request:
// remember the last window per configuration and reuse it while `now` is inside it.
const CALENDAR_CACHE_LIMIT = 1024;
const calendarCache = new Map<string, CountingWindow>();

function calendarWindowAt(
  window: CalendarWindow,
  now: number,
  anchor: number | undefined,
): CountingWindow {
  const cacheKey = `${window.timeZone}|${window.unit}|${window.count}|${window.weekStart}|${anchor ?? ""}`;
  const cached = calendarCache.get(cacheKey);
  if (
    cached?.start !== undefined &&
    cached.end !== undefined &&
    cached.start <= now &&
    now < cached.end
  ) {
    return cached;
  }
  const zone = window.timeZone;
  const anchorDay = anchor === undefined ? 0 : civilDayOf(anchor, zone);
  let [startDay, endDay] = periodContaining(window, civilDayOf(now, zone), anchorDay);
  let start = startOfCivilDay(startDay, zone);
  let end = startOfCivilDay(endDay, zone);
  if (now >= end) {
    // Only when clocks fall back across midnight can `now` read as the previous day after the new
    // one began; the new day (hence window) started at its first midnight.
    [startDay, endDay] = periodContaining(window, endDay, anchorDay);
    start = end;
    end = startOfCivilDay(endDay, zone);
  }
  const result: CountingWindow = {
    keySuffix: `c${start}`,
    readKeySuffixes: [`c${start}`],
    start,
    end,
    expiresAt: end,
  };
  if (calendarCache.size >= CALENDAR_CACHE_LIMIT) calendarCache.clear();
  calendarCache.set(cacheKey, result);
  return result;
}

/** [first civil day, first civil day of the next window) of the window holding `day`. */
function periodContaining(
  window: CalendarWindow,
  day: number,
  anchorDay: number,
): [number, number] {
  const count = window.count;
  switch (window.unit) {
    case "day": {
      const start = anchorDay + Math.floor((day - anchorDay) / count) * count;
      return [start, start + count];
    }
    case "week": {
      const origin = weekStartOf(anchorDay, window.weekStart);
      const span = 7 * count;
      const start =
        origin + Math.floor((weekStartOf(day, window.weekStart) - origin) / span) * span;
      return [start, start + span];
    }
    case "month": {
      const origin = monthIndexOf(anchorDay);
      const startMonth = origin + Math.floor((monthIndexOf(day) - origin) / count) * count;
      return [firstDayOfMonth(startMonth), firstDayOfMonth(startMonth + count)];
    }
  }
}
