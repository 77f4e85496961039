import { describe, expect, it } from "vitest";
import { MemoryCounterStore } from "../caps/memory-counter-store.js";
import {
  armIncrements,
  armKeyPrefix,
  DEFAULT_PRIOR,
  posteriorMean,
  posteriorOf,
  readArmCounts,
  segmentValueOf,
} from "./bandit-arm.js";

describe("bandit arms in the counter store", () => {
  it("counts displays and interactions per offer × placement, idempotently by event id", async () => {
    const store = new MemoryCounterStore();
    const arm = { offerId: "o1", placementId: "hero" };
    expect(await store.record("e1", armIncrements("display", arm))).toBe(true);
    expect(await store.record("e2", armIncrements("display", arm))).toBe(true);
    expect(await store.record("e3", armIncrements("interact", arm))).toBe(true);
    // A redelivered event changes nothing.
    expect(await store.record("e2", armIncrements("display", arm))).toBe(false);
    const [counts, other] = await readArmCounts(store, [
      arm,
      { offerId: "o1", placementId: "side" },
    ]);
    expect(counts).toEqual({ displays: 2, interactions: 1 });
    expect(other).toEqual({ displays: 0, interactions: 0 });
  });

  it("a segmented event teaches both its segment's arm and the placement-level arm", async () => {
    const store = new MemoryCounterStore();
    await store.record(
      "e1",
      armIncrements("interact", { offerId: "o1", placementId: "hero", segment: "gold" }),
    );
    const [all, gold, silver] = await readArmCounts(store, [
      { offerId: "o1", placementId: "hero" },
      { offerId: "o1", placementId: "hero", segment: "gold" },
      { offerId: "o1", placementId: "hero", segment: "silver" },
    ]);
    expect(all?.interactions).toBe(1);
    expect(gold?.interactions).toBe(1);
    expect(silver?.interactions).toBe(0);
  });

  it("keys never collide, whatever characters ids and segments hold", () => {
    const a = armKeyPrefix({ offerId: "a|p=b", placementId: "c" });
    const b = armKeyPrefix({ offerId: "a", placementId: "b|p=c" });
    expect(a).not.toBe(b);
    expect(armKeyPrefix({ offerId: "o", placementId: "p", segment: "*" })).not.toBe(
      armKeyPrefix({ offerId: "o", placementId: "p" }),
    );
  });

  it("posterior is the prior plus successes and failures; never negative failures", () => {
    expect(posteriorOf({ displays: 10, interactions: 3 })).toEqual({ alpha: 4, beta: 8 });
    expect(posteriorOf({ displays: 1, interactions: 3 }, { alpha: 2, beta: 5 })).toEqual({
      alpha: 5,
      beta: 5,
    });
    expect(posteriorMean({ displays: 0, interactions: 0 }, DEFAULT_PRIOR)).toBe(0.5);
  });

  it("segment values from a profile path", () => {
    const profile = { loyalty: { tier: "gold", points: 10 }, vip: true, tags: ["a"] };
    expect(segmentValueOf(profile, "loyalty.tier")).toBe("gold");
    expect(segmentValueOf(profile, "loyalty.points")).toBe("10");
    expect(segmentValueOf(profile, "vip")).toBe("true");
    expect(segmentValueOf(profile, "tags")).toBeUndefined();
    expect(segmentValueOf(profile, "loyalty.missing")).toBeUndefined();
    expect(segmentValueOf(profile, "constructor")).toBeUndefined();
  });
});
