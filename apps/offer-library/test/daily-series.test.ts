import { describe, expect, it } from "vitest";
import { dailyTotals, daysOf, percent } from "../src/reports/daily-series.js";
import { niceMax } from "../src/reports/LineChart.js";

describe("report series", () => {
  it("lists every day of the range, across a month end", () => {
    expect(daysOf("2026-02-27", "2026-03-02")).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
    expect(daysOf("2026-03-02", "2026-03-01")).toEqual([]);
  });

  it("sums rows per day, fills days without rows with 0, and leaves rates empty without a denominator", () => {
    const totals = dailyTotals({
      from: "2026-03-01",
      to: "2026-03-03",
      timeZone: "UTC",
      rows: [
        {
          day: "2026-03-01",
          offerId: "a",
          placementId: "web",
          decisions: 2,
          fallbacks: 0,
          displays: 4,
          interacts: 1,
          interactRate: 0.25,
          capRejections: 0,
        },
        {
          day: "2026-03-01",
          offerId: "b",
          placementId: "email",
          decisions: 1,
          fallbacks: 1,
          displays: 0,
          interacts: 0,
          interactRate: null,
          capRejections: 3,
        },
        {
          day: "2026-03-03",
          offerId: "a",
          placementId: "web",
          decisions: 5,
          fallbacks: 0,
          displays: 0,
          interacts: 0,
          interactRate: null,
          capRejections: 0,
        },
      ],
      placements: [
        { day: "2026-03-01", placementId: "web", propositions: 2, fallbacks: 0, fallbackShare: 0 },
        {
          day: "2026-03-01",
          placementId: "email",
          propositions: 2,
          fallbacks: 1,
          fallbackShare: 0.5,
        },
      ],
    });
    expect(totals).toEqual({
      days: ["2026-03-01", "2026-03-02", "2026-03-03"],
      decisions: [3, 0, 5],
      fallbacks: [1, 0, 0],
      displays: [4, 0, 0],
      interacts: [1, 0, 0],
      interactRate: [0.25, null, null],
      fallbackShare: [0.25, null, null],
    });
  });

  it("formats rates and rounds chart maxima", () => {
    expect(percent(1 / 3)).toBe("33.3 %");
    expect(percent(null)).toBe("–");
    expect([0, 0.4, 1, 3, 7, 12, 480].map(niceMax)).toEqual([1, 0.5, 1, 5, 10, 20, 500]);
  });
});
