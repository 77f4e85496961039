import { describe, expect, it } from "vitest";
import { arbitrationScore } from "./arbitration-score.js";

describe("arbitration score", () => {
  it("multiplies value, propensity and levers", () => {
    expect(arbitrationScore({ value: 40, propensity: 0.05, levers: 1.5 })).toEqual({
      ok: true,
      score: 3,
      value: 40,
      propensity: 0.05,
      levers: 1.5,
    });
  });

  it("a missing part is 1", () => {
    expect(arbitrationScore({ propensity: 0.2 })).toMatchObject({ ok: true, score: 0.2 });
    expect(arbitrationScore({ value: 12, levers: 2 })).toMatchObject({
      ok: true,
      score: 24,
      propensity: 1,
    });
    expect(arbitrationScore({})).toMatchObject({ ok: true, score: 1 });
  });

  it("rejects parts out of range with the part named", () => {
    expect(arbitrationScore({ value: -1 })).toEqual({
      ok: false,
      error: "value must be a finite number ≥ 0, got -1",
    });
    expect(arbitrationScore({ propensity: 1.5 })).toMatchObject({
      ok: false,
      error: expect.stringContaining("propensity") as unknown,
    });
    expect(arbitrationScore({ levers: Number.POSITIVE_INFINITY })).toMatchObject({
      ok: false,
      error: expect.stringContaining("levers") as unknown,
    });
    expect(arbitrationScore({ propensity: Number.NaN })).toMatchObject({ ok: false });
  });
});
