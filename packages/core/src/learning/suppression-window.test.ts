import { describe, expect, it } from "vitest";
import { MemoryCounterStore } from "../caps/memory-counter-store.js";
import { seededRandom } from "../util/seeded-random.js";
import { DAY_MS, dyadicCover, outcomeIncrements, suppressionCheck } from "./suppression-window.js";

async function suppressed(
  store: MemoryCounterStore,
  nowMs: number,
  days: number,
  policy = "p",
  profile = "u1",
): Promise<boolean> {
  const [count] = await store.counts([suppressionCheck(policy, profile, nowMs, days)]);
  return (count ?? 0) > 0;
}

const T = Date.parse("2026-03-28T23:17:45.123Z"); // the night Europe switches to summer time: days stay 24 h

describe("suppression windows", () => {
  it.each([1, 3, 7, 30])("an outcome suppresses for exactly %d × 24 h", async (days) => {
    const store = new MemoryCounterStore({ now: () => T });
    await store.record("e1", outcomeIncrements("p", "u1", T, days));
    expect(await suppressed(store, T - 1, days)).toBe(false);
    expect(await suppressed(store, T, days)).toBe(true);
    expect(await suppressed(store, T + days * DAY_MS - 1, days)).toBe(true);
    expect(await suppressed(store, T + days * DAY_MS, days)).toBe(false);
  });

  it("is per policy and per profile", async () => {
    const store = new MemoryCounterStore({ now: () => T });
    await store.record("e1", outcomeIncrements("p", "u1", T, 2));
    expect(await suppressed(store, T + 1000, 2, "p", "u2")).toBe(false);
    expect(await suppressed(store, T + 1000, 2, "q", "u1")).toBe(false);
  });

  it("exact at both edges for random outcome times and windows", async () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 200; trial++) {
      const store = new MemoryCounterStore({ now: () => 0 });
      const at = T + Math.floor(random() * 40 * DAY_MS);
      const days = 1 + Math.floor(random() * 10);
      await store.record(`e${trial}`, outcomeIncrements("p", "u", at, days));
      const edge = at + days * DAY_MS;
      expect(await suppressed(store, edge - 1, days, "p", "u")).toBe(true);
      expect(await suppressed(store, edge, days, "p", "u")).toBe(false);
      expect(await suppressed(store, at - 1, days, "p", "u")).toBe(false);
      expect(await suppressed(store, at, days, "p", "u")).toBe(true);
      expect(
        await suppressed(store, at + Math.floor(random() * days * DAY_MS), days, "p", "u"),
      ).toBe(true);
    }
  });

  it("tiles an interval exactly with aligned nodes", () => {
    const random = seededRandom(5);
    for (let i = 0; i < 500; i++) {
      const lo = Math.floor(random() * DAY_MS);
      const nodes = dyadicCover(lo, DAY_MS);
      let at = lo;
      for (const [level, n] of nodes) {
        expect(n * 2 ** level).toBe(at);
        at += 2 ** level;
      }
      expect(at).toBe(DAY_MS);
      expect(nodes.length).toBeLessThanOrEqual(54);
    }
  });

  it("reads the whole days between the edges plus the edge days' tree nodes", () => {
    const check = suppressionCheck("p", "u", T, 7);
    const dayKeys = check.readKeys.filter((k) => /\|d\d+$/.test(k));
    expect(dayKeys).toHaveLength(6);
    expect(check.readKeys.length).toBeLessThan(6 + 2 * 54);
  });

  it("a one-day window that starts at midnight stays inside one day", async () => {
    const midnight = Date.parse("2026-05-01T00:00:00Z");
    const store = new MemoryCounterStore({ now: () => 0 });
    await store.record("a", outcomeIncrements("p", "u", midnight, 1));
    expect(await suppressed(store, midnight + DAY_MS - 1, 1, "p", "u")).toBe(true);
    expect(await suppressed(store, midnight + DAY_MS, 1, "p", "u")).toBe(false);
  });
});
