import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CapRule } from "../model/cap-rule.js";
import { CapCheckMemo } from "./cap-check-memo.js";
import { capCheckFor } from "./cap-check.js";
import { escapeKeyPart } from "./counter-key.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse("2026-03-27T00:00:00Z"); // spans Europe's DST change on 2026-03-29

const window = fc.oneof(
  fc.constant(undefined),
  fc.record({
    type: fc.constant("calendar" as const),
    unit: fc.constantFrom("day" as const, "week" as const, "month" as const),
    count: fc.integer({ min: 1, max: 3 }),
    timeZone: fc.constantFrom("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"),
    weekStart: fc.constantFrom("monday" as const, "sunday" as const),
  }),
  fc.record({
    type: fc.constant("rolling" as const),
    duration: fc.constantFrom("PT1H", "PT90S", "P1D", "P7D", "P1DT6H"),
  }),
);

const cap = fc
  .record({
    id: fc.constantFrom("per-day", "cap.1", "a:b"),
    event: fc.constantFrom("decision" as const, "display" as const),
    scope: fc.constantFrom("profile" as const, "global" as const),
    limit: fc.integer({ min: 1, max: 100 }),
    placements: fc.constantFrom("all" as const, "each" as const, ["web"], ["email", "push"]),
    window,
  })
  .map((input) => CapRule.parse(input));

describe("CapCheckMemo", () => {
  it("gives exactly capCheckFor's check for any cap, profile, placement and time, as time moves both ways", () => {
    fc.assert(
      fc.property(
        cap,
        fc.constantFrom("offer-1", "o|%2", "x"),
        fc.option(fc.integer({ min: -40 * DAY, max: 40 * DAY }), { nil: undefined }),
        fc.array(
          fc.record({
            profileId: fc.constantFrom("u1", "u|2", "100%", "ümlaut", ""),
            placementId: fc.constantFrom("web", "email", "p|x"),
            // Mostly small steps (same window, next bucket), sometimes far jumps back and forth.
            at: fc.oneof(
              fc.integer({ min: 0, max: 3 * HOUR }),
              fc.integer({ min: -60 * DAY, max: 60 * DAY }),
            ),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        (rule, offerId, anchorOffset, calls) => {
          const anchorMs = anchorOffset === undefined ? undefined : START + anchorOffset;
          const memo = new CapCheckMemo(offerId, rule, anchorMs);
          let now = START;
          for (const call of calls) {
            now += call.at;
            const expected = capCheckFor({
              offerId,
              cap: rule,
              profileId: call.profileId,
              placementId: call.placementId,
              now,
              anchor: anchorMs,
            });
            const actual = memo.checkFor(escapeKeyPart(call.profileId), call.placementId, now);
            expect(actual).toEqual(expected);
            if (actual !== undefined) expect(actual.readKeys).toContain(actual.writeKey);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("reuses a global cap's check inside its window and makes a new one when the window moves on", () => {
    const rule = CapRule.parse({
      id: "daily",
      event: "decision",
      scope: "global",
      limit: 10,
      window: { type: "calendar", unit: "day", timeZone: "UTC" },
    });
    const memo = new CapCheckMemo("offer-1", rule, undefined);
    const morning = memo.checkFor("u1", "web", START + 8 * HOUR);
    expect(memo.checkFor("u2", "web", START + 20 * HOUR)).toBe(morning);
    const nextDay = memo.checkFor("u1", "web", START + DAY);
    expect(nextDay).not.toBe(morning);
    expect(nextDay?.writeKey).toBe(`cap|offer-1|daily|g|*|c${START + DAY}`);
    // Back in time (a simulation rewinding its clock) gives the earlier window's key again.
    expect(memo.checkFor("u1", "web", START + HOUR)?.writeKey).toBe(morning?.writeKey);
  });
});
