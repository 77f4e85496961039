import { describe, expect, it } from "vitest";
import { describeCounterStoreContract } from "../testing/index.js";
import { MemoryCounterStore } from "./memory-counter-store.js";

describeCounterStoreContract("MemoryCounterStore", () => Promise.resolve(new MemoryCounterStore()));

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

describe("MemoryCounterStore specifics", () => {
  it("expires counters on its own clock, exactly at expiresAt", async () => {
    const clock = manualClock();
    const store = new MemoryCounterStore({ now: clock.now });
    const check = { readKeys: ["k"], writeKey: "k", limit: 1, expiresAt: clock.now() + 1000 };
    expect(await store.reserve([check])).toEqual({ ok: true });
    clock.advance(999);
    expect(await store.counts([check])).toEqual([1]);
    clock.advance(1);
    expect(await store.counts([check])).toEqual([0]);
    expect(store.size.counters).toBe(0);
  });

  it("sweeps expired counters that are never read again", async () => {
    const clock = manualClock();
    const store = new MemoryCounterStore({ now: clock.now });
    for (let i = 0; i < 500; i++)
      await store.record(`old-${i}`, [{ writeKey: `old-${i}`, expiresAt: clock.now() + 10 }]);
    expect(store.size.counters).toBe(500);
    clock.advance(10);
    for (let i = 0; i < 1001; i++) await store.record(`new-${i}`, [{ writeKey: "live" }]);
    expect(store.size.counters).toBe(1);
  });

  it("forgets event ids after eventIdTtlMs, so a late redelivery counts again", async () => {
    const clock = manualClock();
    const store = new MemoryCounterStore({ now: clock.now, eventIdTtlMs: 1000 });
    const increment = { writeKey: "k" };
    expect(await store.record("e", [increment])).toBe(true);
    clock.advance(999);
    expect(await store.record("e", [increment])).toBe(false);
    clock.advance(1);
    expect(await store.record("e", [increment])).toBe(true);
    expect(await store.counts([{ readKeys: ["k"], writeKey: "k", limit: 9 }])).toEqual([2]);
  });

  it("remembers at most maxEventIds, forgetting the oldest first", async () => {
    const store = new MemoryCounterStore({ maxEventIds: 3 });
    for (const id of ["a", "b", "c", "d"]) expect(await store.record(id, [])).toBe(true);
    expect(store.size.eventIds).toBe(3);
    expect(await store.record("d", [])).toBe(false);
    expect(await store.record("c", [])).toBe(false);
    expect(await store.record("a", [])).toBe(true);
  });

  it("keeps the latest expiry when a counter is written again", async () => {
    const clock = manualClock();
    const store = new MemoryCounterStore({ now: clock.now });
    await store.record("e1", [{ writeKey: "k", expiresAt: clock.now() + 100 }]);
    await store.record("e2", [{ writeKey: "k", expiresAt: clock.now() + 200 }]);
    clock.advance(150);
    expect(await store.counts([{ readKeys: ["k"], writeKey: "k", limit: 9 }])).toEqual([2]);
  });
});
