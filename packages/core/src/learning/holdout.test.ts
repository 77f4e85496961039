import { describe, expect, it } from "vitest";
import { holdoutBucket, isHeldOut } from "./holdout.js";

describe("holdout", () => {
  it.each([1, 5, 10, 50])("holds out %d %% of 100,000 profiles within ±1 %%", (percent) => {
    let held = 0;
    for (let i = 0; i < 100_000; i++) if (isHeldOut("homepage", `cust-${i}`, percent)) held++;
    expect(Math.abs(held / 100_000 - percent / 100)).toBeLessThan(0.01);
  });

  it("is stable per profile and independent across decisions", () => {
    let same = 0;
    let bothHeld = 0;
    for (let i = 0; i < 20_000; i++) {
      const a = isHeldOut("homepage", `p${i}`, 20);
      expect(isHeldOut("homepage", `p${i}`, 20)).toBe(a);
      const b = isHeldOut("checkout", `p${i}`, 20);
      if (a === b) same++;
      if (a && b) bothHeld++;
    }
    // Independent 20 % holdouts overlap on ~4 % of profiles, not 20 %.
    expect(bothHeld / 20_000).toBeGreaterThan(0.03);
    expect(bothHeld / 20_000).toBeLessThan(0.05);
    expect(same).toBeLessThan(20_000);
  });

  it("buckets are in [0, 1); 0 % holds out nobody and 100 % everybody", () => {
    for (let i = 0; i < 1000; i++) {
      const b = holdoutBucket("d", String(i));
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(1);
    }
    expect(isHeldOut("d", "x", 0)).toBe(false);
    expect(isHeldOut("d", "x", 100)).toBe(true);
  });

  it("raising the percentage only adds profiles (nobody leaves the holdout)", () => {
    for (let i = 0; i < 5000; i++)
      if (isHeldOut("d", `p${i}`, 5)) expect(isHeldOut("d", `p${i}`, 10)).toBe(true);
  });
});
