import { describe, expect, it } from "vitest";
import { CapWindow, type CapWindow as CapWindowType } from "../model/cap-rule.js";
import { OfferkitError } from "../errors/index.js";
import { countingWindowAt, rollingBucketMs } from "./window.js";
import { parseIsoDuration } from "./iso-duration.js";
import { isValidTimeZone } from "./time-zone.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string): number => Date.parse(iso);

function calendar(input: Record<string, unknown>): CapWindowType {
  return CapWindow.parse({ type: "calendar", ...input });
}

/** [start, end) of the window at `now`, as ISO strings for readable failures. */
function bounds(window: CapWindowType, now: string, anchor?: string): [string, string] {
  const span = countingWindowAt(window, at(now), anchor === undefined ? undefined : at(anchor));
  return [new Date(span.start ?? NaN).toISOString(), new Date(span.end ?? NaN).toISOString()];
}

describe("lifetime window", () => {
  it("is one counter with no bounds or expiry", () => {
    expect(countingWindowAt(undefined, new Date("2026-03-10T15:30:00Z"))).toEqual({
      keySuffix: "life",
      readKeySuffixes: ["life"],
      start: undefined,
      end: undefined,
      expiresAt: undefined,
    });
  });
});

describe("calendar windows in UTC", () => {
  it("day: midnight to midnight", () => {
    expect(bounds(calendar({ unit: "day" }), "2026-03-10T15:30:00Z")).toEqual([
      "2026-03-10T00:00:00.000Z",
      "2026-03-11T00:00:00.000Z",
    ]);
    expect(bounds(calendar({ unit: "day" }), "2026-03-10T00:00:00Z")[0]).toBe(
      "2026-03-10T00:00:00.000Z",
    );
    expect(bounds(calendar({ unit: "day" }), "2026-03-09T23:59:59.999Z")[0]).toBe(
      "2026-03-09T00:00:00.000Z",
    );
  });

  it("week: starts Monday by default, or on the configured weekday", () => {
    // 2026-03-10 is a Tuesday.
    expect(bounds(calendar({ unit: "week" }), "2026-03-10T15:30:00Z")).toEqual([
      "2026-03-09T00:00:00.000Z",
      "2026-03-16T00:00:00.000Z",
    ]);
    expect(bounds(calendar({ unit: "week", weekStart: "sunday" }), "2026-03-10T15:30:00Z")).toEqual(
      ["2026-03-08T00:00:00.000Z", "2026-03-15T00:00:00.000Z"],
    );
    expect(
      bounds(calendar({ unit: "week", weekStart: "tuesday" }), "2026-03-10T00:00:00Z"),
    ).toEqual(["2026-03-10T00:00:00.000Z", "2026-03-17T00:00:00.000Z"]);
  });

  it("month: first of the month to first of the next, across a year end and in February", () => {
    expect(bounds(calendar({ unit: "month" }), "2026-12-31T23:59:59Z")).toEqual([
      "2026-12-01T00:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
    ]);
    expect(bounds(calendar({ unit: "month" }), "2028-02-29T12:00:00Z")).toEqual([
      "2028-02-01T00:00:00.000Z",
      "2028-03-01T00:00:00.000Z",
    ]);
  });
});

describe("calendar windows in Europe/Paris", () => {
  const paris = (unit: string, extra: Record<string, unknown> = {}): CapWindowType =>
    calendar({ unit, timeZone: "Europe/Paris", ...extra });

  it("a day is 23 hours when clocks go forward (29 March 2026) and 25 hours when they go back (25 October)", () => {
    const spring = countingWindowAt(paris("day"), at("2026-03-29T12:00:00Z"));
    expect(spring.start).toBe(at("2026-03-28T23:00:00Z"));
    expect(spring.end).toBe(at("2026-03-29T22:00:00Z"));
    expect((spring.end ?? 0) - (spring.start ?? 0)).toBe(23 * HOUR);

    const autumn = countingWindowAt(paris("day"), at("2026-10-25T12:00:00Z"));
    expect(autumn.start).toBe(at("2026-10-24T22:00:00Z"));
    expect(autumn.end).toBe(at("2026-10-25T23:00:00Z"));
    expect((autumn.end ?? 0) - (autumn.start ?? 0)).toBe(25 * HOUR);
  });

  it("a late-evening UTC instant already belongs to the next local day", () => {
    expect(bounds(paris("day"), "2026-03-29T22:30:00Z")[0]).toBe("2026-03-29T22:00:00.000Z");
  });

  it("a weekly window resets at local midnight of the week start across the March change", () => {
    // Week of Monday 23 March: CET at its start, CEST at its end → 7 days minus an hour.
    expect(bounds(paris("week"), "2026-03-25T12:00:00Z")).toEqual([
      "2026-03-22T23:00:00.000Z",
      "2026-03-29T22:00:00.000Z",
    ]);
    const lastMoment = countingWindowAt(paris("week"), at("2026-03-29T21:59:59.999Z"));
    const reset = countingWindowAt(paris("week"), at("2026-03-29T22:00:00Z")); // Monday 00:00 CEST
    expect(lastMoment.start).toBe(at("2026-03-22T23:00:00Z"));
    expect(reset.start).toBe(at("2026-03-29T22:00:00Z"));
    expect(reset.keySuffix).not.toBe(lastMoment.keySuffix);
  });

  it("a weekly window resets at local midnight of the week start across the October change", () => {
    expect(bounds(paris("week"), "2026-10-21T12:00:00Z")).toEqual([
      "2026-10-18T22:00:00.000Z",
      "2026-10-25T23:00:00.000Z",
    ]);
    expect(bounds(paris("week"), "2026-10-25T23:00:00Z")[0]).toBe("2026-10-25T23:00:00.000Z");
  });

  it("honours a Sunday week start on the day the clocks change", () => {
    // DST starts at 02:00 on Sunday 29 March: that Sunday's midnight is still CET.
    expect(bounds(paris("week", { weekStart: "sunday" }), "2026-03-28T12:00:00Z")).toEqual([
      "2026-03-21T23:00:00.000Z",
      "2026-03-28T23:00:00.000Z",
    ]);
    expect(bounds(paris("week", { weekStart: "sunday" }), "2026-03-29T12:00:00Z")).toEqual([
      "2026-03-28T23:00:00.000Z",
      "2026-04-04T22:00:00.000Z",
    ]);
  });

  it("month: from CET to CEST", () => {
    expect(bounds(paris("month"), "2026-03-15T12:00:00Z")).toEqual([
      "2026-02-28T23:00:00.000Z",
      "2026-03-31T22:00:00.000Z",
    ]);
  });
});

describe("calendar windows in America/New_York", () => {
  const newYork = (unit: string, extra: Record<string, unknown> = {}): CapWindowType =>
    calendar({ unit, timeZone: "America/New_York", ...extra });

  it("day: 23 hours on 8 March 2026, and evening UTC instants are still the previous local day", () => {
    expect(bounds(newYork("day"), "2026-03-08T12:00:00Z")).toEqual([
      "2026-03-08T05:00:00.000Z",
      "2026-03-09T04:00:00.000Z",
    ]);
    expect(bounds(newYork("day"), "2026-03-08T03:00:00Z")).toEqual([
      "2026-03-07T05:00:00.000Z",
      "2026-03-08T05:00:00.000Z",
    ]);
  });

  it("week starting Sunday over the November change lasts 7 days and an hour", () => {
    const week = countingWindowAt(
      newYork("week", { weekStart: "sunday" }),
      at("2026-11-04T12:00:00Z"),
    );
    expect(week.start).toBe(at("2026-11-01T04:00:00Z"));
    expect(week.end).toBe(at("2026-11-08T05:00:00Z"));
    expect((week.end ?? 0) - (week.start ?? 0)).toBe(7 * DAY + HOUR);
  });

  it("month", () => {
    expect(bounds(newYork("month"), "2026-03-31T12:00:00Z")).toEqual([
      "2026-03-01T05:00:00.000Z",
      "2026-04-01T04:00:00.000Z",
    ]);
  });
});

describe("zones whose clocks change at midnight (America/Santiago)", () => {
  const santiago = calendar({ unit: "day", timeZone: "America/Santiago" });

  it("a day whose midnight does not exist starts when the clocks jump (01:00)", () => {
    expect(bounds(santiago, "2026-09-06T12:00:00Z")).toEqual([
      "2026-09-06T04:00:00.000Z",
      "2026-09-07T03:00:00.000Z",
    ]);
    expect(bounds(santiago, "2026-09-06T03:30:00Z")).toEqual([
      "2026-09-05T04:00:00.000Z",
      "2026-09-06T04:00:00.000Z",
    ]);
  });

  it("a day that ends with a repeated hour lasts 25 hours", () => {
    expect(bounds(santiago, "2026-04-05T03:30:00Z")).toEqual([
      "2026-04-04T03:00:00.000Z",
      "2026-04-05T04:00:00.000Z",
    ]);
  });
});

describe("N-unit calendar windows", () => {
  it("without an anchor, align on 1970-01-01", () => {
    // 2026-03-10 is civil day 20522 ≡ 2 (mod 3), so its 3-day window began on the 8th.
    expect(bounds(calendar({ unit: "day", count: 3 }), "2026-03-10T12:00:00Z")).toEqual([
      "2026-03-08T00:00:00.000Z",
      "2026-03-11T00:00:00.000Z",
    ]);
    // Monday weeks are counted from Monday 1969-12-29; 2026-03-09 is 1466 fortnights later.
    expect(bounds(calendar({ unit: "week", count: 2 }), "2026-03-10T12:00:00Z")).toEqual([
      "2026-03-09T00:00:00.000Z",
      "2026-03-23T00:00:00.000Z",
    ]);
    // Months from January 1970: three months are calendar quarters.
    expect(bounds(calendar({ unit: "month", count: 3 }), "2026-03-10T12:00:00Z")).toEqual([
      "2026-01-01T00:00:00.000Z",
      "2026-04-01T00:00:00.000Z",
    ]);
  });

  it("with an anchor (the offer's start), align on the anchor's day, week or month", () => {
    const anchor = "2026-03-04T10:00:00Z"; // a Wednesday
    expect(bounds(calendar({ unit: "day", count: 3 }), "2026-03-10T12:00:00Z", anchor)).toEqual([
      "2026-03-10T00:00:00.000Z",
      "2026-03-13T00:00:00.000Z",
    ]);
    expect(bounds(calendar({ unit: "week", count: 2 }), "2026-03-10T12:00:00Z", anchor)).toEqual([
      "2026-03-02T00:00:00.000Z",
      "2026-03-16T00:00:00.000Z",
    ]);
    expect(bounds(calendar({ unit: "week", count: 2 }), "2026-03-16T00:00:00Z", anchor)).toEqual([
      "2026-03-16T00:00:00.000Z",
      "2026-03-30T00:00:00.000Z",
    ]);
    // Before the anchor the same grid extends backwards.
    expect(bounds(calendar({ unit: "day", count: 3 }), "2026-03-03T12:00:00Z", anchor)).toEqual([
      "2026-03-01T00:00:00.000Z",
      "2026-03-04T00:00:00.000Z",
    ]);
  });

  it("uses the anchor's local date in the window's zone", () => {
    // 23:30 UTC on 8 March is already 9 March in Paris, so 2-day windows start on odd days there.
    const window = calendar({ unit: "day", count: 2, timeZone: "Europe/Paris" });
    expect(bounds(window, "2026-03-10T12:00:00Z", "2026-03-08T23:30:00Z")).toEqual([
      "2026-03-08T23:00:00.000Z",
      "2026-03-10T23:00:00.000Z",
    ]);
    expect(
      bounds(
        calendar({ unit: "month", count: 2, timeZone: "Europe/Paris" }),
        "2026-03-10T12:00:00Z",
        "2026-02-15T00:00:00Z",
      ),
    ).toEqual(["2026-01-31T23:00:00.000Z", "2026-03-31T22:00:00.000Z"]);
  });
});

describe("calendar window keys", () => {
  it("one counter per window, expiring at the window end", () => {
    const window = calendar({ unit: "day", timeZone: "Europe/Paris" });
    const morning = countingWindowAt(window, at("2026-03-10T07:00:00Z"));
    const evening = countingWindowAt(window, at("2026-03-10T22:59:59Z"));
    const nextDay = countingWindowAt(window, at("2026-03-10T23:00:00Z"));
    expect(evening.keySuffix).toBe(morning.keySuffix);
    expect(nextDay.keySuffix).not.toBe(morning.keySuffix);
    expect(morning.readKeySuffixes).toEqual([morning.keySuffix]);
    expect(morning.expiresAt).toBe(morning.end);
  });

  it("accepts Date, epoch ms and ISO strings for now and anchor alike", () => {
    const window = calendar({ unit: "week", count: 3 });
    const fromDate = countingWindowAt(
      window,
      new Date("2026-03-10T12:00:00Z"),
      new Date("2026-01-07T00:00:00Z"),
    );
    expect(countingWindowAt(window, at("2026-03-10T12:00:00Z"), "2026-01-07T00:00:00Z")).toEqual(
      fromDate,
    );
  });

  it("rejects unknown time zones and invalid instants with a typed error", () => {
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(() =>
      countingWindowAt(calendar({ unit: "day", timeZone: "Mars/Olympus_Mons" }), Date.now()),
    ).toThrow(OfferkitError);
    expect(() => countingWindowAt(calendar({ unit: "day" }), "not a date")).toThrow(OfferkitError);
  });
});

describe("rolling windows", () => {
  const rolling = (duration: string): CapWindowType =>
    CapWindow.parse({ type: "rolling", duration });

  it("parses ISO durations with weeks, days, hours, minutes and seconds", () => {
    expect(parseIsoDuration("P7D")).toBe(7 * DAY);
    expect(parseIsoDuration("P2W")).toBe(14 * DAY);
    expect(parseIsoDuration("P1DT6H")).toBe(30 * HOUR);
    expect(parseIsoDuration("PT1M30S")).toBe(90_000);
    for (const bad of ["PT0S", "P", "P1Y", "PT", "7D"])
      expect(() => parseIsoDuration(bad)).toThrow(OfferkitError);
  });

  it("cuts the duration into 60 buckets rounded to whole seconds (at least one)", () => {
    expect(rollingBucketMs(7 * DAY)).toBe(10_080_000); // 2 h 48 min
    expect(rollingBucketMs(HOUR)).toBe(60_000);
    expect(rollingBucketMs(90_000)).toBe(2000); // 1.5 s rounds to 2 s
    expect(rollingBucketMs(30_000)).toBe(1000);
    expect(rollingBucketMs(1000)).toBe(1000);
  });

  it("reads the current bucket and the buckets covering the duration before it", () => {
    const span = countingWindowAt(rolling("PT1H"), at("2026-03-10T15:30:30Z"));
    const current = at("2026-03-10T15:30:00Z") / 60_000;
    expect(span.keySuffix).toBe(`r60s${current}`);
    expect(span.readKeySuffixes).toHaveLength(61);
    expect(span.readKeySuffixes[0]).toBe(`r60s${current - 60}`);
    expect(span.readKeySuffixes[60]).toBe(span.keySuffix);
    expect(span.start).toBe(at("2026-03-10T14:30:00Z"));
    expect(span.end).toBe(at("2026-03-10T15:31:00Z"));
    // The bucket is last read while it is the oldest of the window: an hour and a bucket later.
    expect(span.expiresAt).toBe(at("2026-03-10T16:31:00Z"));
  });

  it("an event counts for at least the duration and never longer than duration + one bucket", () => {
    for (const duration of ["PT1H", "P7D", "PT90S", "PT1S"]) {
      const window = rolling(duration);
      const durationMs = parseIsoDuration(duration);
      const bucketMs = rollingBucketMs(durationMs);
      for (const offset of [0, 1, 499, bucketMs / 2, bucketMs - 1]) {
        const eventAt = at("2026-03-10T15:00:00Z") + offset;
        const written = countingWindowAt(window, eventAt).keySuffix;
        const readsAt = (t: number): readonly string[] =>
          countingWindowAt(window, t).readKeySuffixes;
        expect(readsAt(eventAt + durationMs), `${duration} +${offset}`).toContain(written);
        expect(readsAt(eventAt + durationMs + bucketMs), `${duration} +${offset}`).not.toContain(
          written,
        );
        const expiresAt = countingWindowAt(window, eventAt).expiresAt ?? 0;
        expect(readsAt(expiresAt - 1)).toContain(written);
        expect(readsAt(expiresAt)).not.toContain(written);
      }
    }
  });
});
