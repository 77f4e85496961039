import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type {
  CounterCheck,
  CounterStore,
  RankedCaps,
  RankedOutcome,
} from "../caps/counter-store.js";

export interface CounterStoreContractOptions {
  /**
   * How far ahead (ms) the expiry test sets expiresAt; the test then waits for the key to read as 0.
   * Raise it for stores whose expiry is coarse. Default 300.
   */
  expiryDelayMs?: number;
}

/**
 * The behaviour every CounterStore must have, as a vitest suite. Call it at the top level of a test
 * file: `describeCounterStoreContract("RedisCounterStore", () => RedisCounterStore.connect(url))`.
 *
 * `factory` runs before each test; after it, `cleanup(store)` runs if given, else `store.close()`.
 * A factory may hand out one shared store (with a no-op cleanup): every test uses keys and event ids
 * under a prefix unique to that test and run, so a shared Redis or PostgreSQL keeps no state between
 * tests or runs that could change an outcome.
 */
export function describeCounterStoreContract(
  name: string,
  factory: () => Promise<CounterStore>,
  cleanup?: (store: CounterStore) => Promise<void>,
  options: CounterStoreContractOptions = {},
): void {
  const expiryDelayMs = options.expiryDelayMs ?? 300;
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  let testNumber = 0;

  describe(`CounterStore contract: ${name}`, () => {
    let store: CounterStore;
    let prefix: string;
    /** A key private to this test; odd characters make sure stores do not parse or escape keys badly. */
    const key = (name: string): string => `${prefix}|${name}|'"%; --`;
    const eventId = (name: string): string => `${prefix}:event:${name}`;
    const check = (
      readKeys: string[],
      limit: number,
      writeKey = readKeys[readKeys.length - 1] ?? "",
    ): CounterCheck => ({
      readKeys,
      writeKey,
      limit,
    });

    beforeEach(async () => {
      testNumber += 1;
      prefix = `offerkit-contract:${runId}:${testNumber}`;
      store = await factory();
    });

    afterEach(async () => {
      if (cleanup) await cleanup(store);
      else await store.close?.();
    });

    it("counts keys nobody wrote as 0", async () => {
      expect(await store.counts([check([key("a")], 1), check([key("b"), key("c")], 1)])).toEqual([
        0, 0,
      ]);
      expect(await store.counts([])).toEqual([]);
    });

    it("reserve increments each write key by one and counts reflect it", async () => {
      const a = check([key("a")], 5);
      const b = check([key("b")], 5);
      expect(await store.reserve([a, b])).toEqual({ ok: true });
      expect(await store.reserve([a])).toEqual({ ok: true });
      expect(await store.counts([a, b, check([key("other")], 5)])).toEqual([2, 1, 0]);
    });

    it("reserve stops at the limit, reports the exhausted check with its count, and changes nothing", async () => {
      const capped = check([key("capped")], 2);
      expect(await store.reserve([capped])).toEqual({ ok: true });
      expect(await store.reserve([capped])).toEqual({ ok: true });
      expect(await store.reserve([capped])).toEqual({ ok: false, index: 0, count: 2 });
      expect(await store.counts([capped])).toEqual([2]);
    });

    it("reserve is all-or-nothing over several checks", async () => {
      const first = check([key("first")], 5);
      const full = check([key("full")], 1);
      const last = check([key("last")], 5);
      expect(await store.reserve([full])).toEqual({ ok: true });

      expect(await store.reserve([first, full, last])).toEqual({ ok: false, index: 1, count: 1 });
      expect(await store.counts([first, full, last])).toEqual([0, 1, 0]);

      const roomier = { ...full, limit: 2 };
      expect(await store.reserve([first, roomier, last])).toEqual({ ok: true });
      expect(await store.counts([first, roomier, last])).toEqual([1, 2, 1]);
    });

    it("an empty reserve succeeds and changes nothing", async () => {
      expect(await store.reserve([])).toEqual({ ok: true });
    });

    it("exactly `limit` of 200 concurrent reserves succeed", async () => {
      const global = check([key("global")], 10);
      const results = await Promise.all(Array.from({ length: 200 }, () => store.reserve([global])));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      for (const refused of results.filter((r) => !r.ok))
        expect(refused).toEqual({ ok: false, index: 0, count: 10 });
      expect(await store.counts([global])).toEqual([10]);
    });

    it("concurrent reserves over a per-profile and a global cap respect both, all-or-nothing", async () => {
      const global = check([key("global")], 15);
      const profiles = Array.from({ length: 10 }, (_, i) => check([key(`profile-${i}`)], 3));
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => store.reserve([profiles[i % 10] ?? global, global])),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(15);
      const perProfile = await store.counts(profiles);
      for (const count of perProfile) expect(count).toBeLessThanOrEqual(3);
      // A refused reserve must not have bumped the profile counter: the profile counts add up to the global one.
      expect(perProfile.reduce((sum, count) => sum + count, 0)).toBe(15);
      expect(await store.counts([global])).toEqual([15]);
    });

    it("a rolling window's count is the sum of its read keys; only the write key grows", async () => {
      const [older, old, current] = [key("bucket-1"), key("bucket-2"), key("bucket-3")];
      expect(await store.record(eventId("e1"), [{ writeKey: older }])).toBe(true);
      expect(await store.record(eventId("e2"), [{ writeKey: older }])).toBe(true);
      expect(await store.record(eventId("e3"), [{ writeKey: old }])).toBe(true);

      const window = check([older, old, current], 4, current);
      expect(await store.counts([window])).toEqual([3]);
      expect(await store.reserve([window])).toEqual({ ok: true });
      expect(await store.reserve([window])).toEqual({ ok: false, index: 0, count: 4 });
      expect(await store.counts([check([current], 9), check([older], 9)])).toEqual([1, 2]);

      // The window slides: the oldest bucket no longer counts.
      const slid = check([old, current], 4, current);
      expect(await store.counts([slid])).toEqual([2]);
      expect(await store.reserve([slid])).toEqual({ ok: true });
      expect(await store.counts([slid, check([current], 9)])).toEqual([3, 2]);
    });

    it("record increments every key once, ignores limits, and is idempotent by event id", async () => {
      const a = check([key("a")], 1);
      const b = check([key("b")], 1);
      expect(
        await store.record(eventId("first"), [{ writeKey: a.writeKey }, { writeKey: b.writeKey }]),
      ).toBe(true);
      expect(
        await store.record(eventId("first"), [{ writeKey: a.writeKey }, { writeKey: b.writeKey }]),
      ).toBe(false);
      expect(await store.counts([a, b])).toEqual([1, 1]);
      // Events are facts, not requests: they count even past a cap's limit.
      expect(await store.record(eventId("second"), [{ writeKey: a.writeKey }])).toBe(true);
      expect(await store.counts([a, b])).toEqual([2, 1]);
    });

    it("an event id recorded without increments is still remembered", async () => {
      const a = check([key("a")], 5);
      expect(await store.record(eventId("empty"), [])).toBe(true);
      expect(await store.record(eventId("empty"), [{ writeKey: a.writeKey }])).toBe(false);
      expect(await store.counts([a])).toEqual([0]);
    });

    it("the same event id recorded 50 times concurrently counts once; 50 distinct ids count 50", async () => {
      const a = check([key("a")], 1);
      const same = await Promise.all(
        Array.from({ length: 50 }, () => store.record(eventId("same"), [{ writeKey: a.writeKey }])),
      );
      expect(same.filter(Boolean)).toHaveLength(1);
      expect(await store.counts([a])).toEqual([1]);

      const b = check([key("b")], 1);
      const distinct = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.record(eventId(`distinct-${i}`), [{ writeKey: b.writeKey }]),
        ),
      );
      expect(distinct.every(Boolean)).toBe(true);
      expect(await store.counts([b])).toEqual([50]);
    });

    it("a counter reads 0 once its expiresAt has passed and then starts again from 0", async () => {
      const expiresAt = Date.now() + expiryDelayMs;
      const expiring: CounterCheck = {
        readKeys: [key("expiring")],
        writeKey: key("expiring"),
        limit: 1,
        expiresAt,
      };
      const lasting: CounterCheck = {
        readKeys: [key("lasting")],
        writeKey: key("lasting"),
        limit: 1,
        expiresAt: expiresAt + 3_600_000,
      };
      const permanent = check([key("permanent")], 1);
      expect(await store.reserve([expiring, lasting, permanent])).toEqual({ ok: true });
      expect(await store.reserve([expiring])).toEqual({ ok: false, index: 0, count: 1 });

      await vi.waitFor(async () => expect(await store.counts([expiring])).toEqual([0]), {
        timeout: expiryDelayMs + 5_000,
        interval: 50,
      });
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
      expect(await store.counts([lasting, permanent])).toEqual([1, 1]);

      const nextWindow = { ...expiring, expiresAt: Date.now() + 3_600_000 };
      expect(await store.reserve([nextWindow])).toEqual({ ok: true });
      expect(await store.counts([nextWindow])).toEqual([1]);
    });

    describe("reserveRanked (optional)", () => {
      /** The store's reserveRanked, or a skip when the store does not offer it. */
      const ranked = (
        skip: () => void,
      ): ((candidates: RankedCaps[], wanted: number) => Promise<RankedOutcome[]>) => {
        const method = store.reserveRanked?.bind(store);
        if (method === undefined) skip();
        return method as (candidates: RankedCaps[], wanted: number) => Promise<RankedOutcome[]>;
      };
      const offer = (
        checks: CounterCheck[],
        reserve = checks.map((_, i) => i),
        placeable = true,
      ): RankedCaps => ({ checks, reserve, placeable });

      it("places the first `wanted` offers with room, in order, and reports exhausted ones", async ({
        skip,
      }) => {
        const reserveRanked = ranked(skip);
        const full = check([key("full")], 1);
        await store.reserve([full]);
        const [a, b, c, d] = [
          check([key("a")], 3),
          check([key("b")], 3),
          check([key("c")], 3),
          check([key("d")], 3),
        ];
        expect(
          await reserveRanked([offer([a]), offer([b, full]), offer([c]), offer([d])], 2),
        ).toEqual([
          { placed: true },
          { placed: false, exhausted: { index: 1, count: 1 } },
          { placed: true },
          { placed: false },
        ]);
        expect(await store.counts([a, b, c, d, full])).toEqual([1, 0, 1, 0, 1]);
      });

      it("checks every offer after `wanted` were placed, and places none with wanted 0", async ({
        skip,
      }) => {
        const reserveRanked = ranked(skip);
        const [a, late] = [check([key("a")], 5), check([key("late")], 1)];
        await store.reserve([late]);
        expect(await reserveRanked([offer([a]), offer([late])], 1)).toEqual([
          { placed: true },
          { placed: false, exhausted: { index: 0, count: 1 } },
        ]);
        expect(await reserveRanked([offer([a]), offer([late])], 0)).toEqual([
          { placed: false },
          { placed: false, exhausted: { index: 0, count: 1 } },
        ]);
        expect(await reserveRanked([], 3)).toEqual([]);
        expect(await store.counts([a, late])).toEqual([1, 1]);
      });

      it("only checks caps outside `reserve` and offers that are not placeable", async ({
        skip,
      }) => {
        const reserveRanked = ranked(skip);
        const [decision, display, other] = [
          check([key("decision")], 5),
          check([key("display")], 2),
          check([key("other")], 5),
        ];
        await store.record(eventId("shown"), [{ writeKey: display.writeKey }]);
        expect(
          await reserveRanked([offer([other], [0], false), offer([decision, display], [0])], 5),
        ).toEqual([{ placed: false }, { placed: true }]);
        expect(await store.counts([decision, display, other])).toEqual([1, 1, 0]);
        await store.record(eventId("shown again"), [{ writeKey: display.writeKey }]);
        expect(await reserveRanked([offer([decision, display], [0])], 5)).toEqual([
          { placed: false, exhausted: { index: 1, count: 2 } },
        ]);
        expect(await store.counts([decision, display])).toEqual([1, 2]);
      });

      it("is all-or-nothing per offer and sums a rolling window's read keys", async ({ skip }) => {
        const reserveRanked = ranked(skip);
        const [older, current] = [key("bucket-1"), key("bucket-2")];
        await store.record(eventId("old"), [{ writeKey: older }]);
        const window = check([older, current], 2, current);
        const first = check([key("first")], 5);
        expect(await reserveRanked([offer([first, window])], 1)).toEqual([{ placed: true }]);
        expect(await reserveRanked([offer([first, window]), offer([first])], 1)).toEqual([
          { placed: false, exhausted: { index: 1, count: 2 } },
          { placed: true },
        ]);
        expect(await store.counts([first, window, check([current], 9)])).toEqual([2, 2, 1]);
      });

      it("later offers see earlier reservations of the same call", async ({ skip }) => {
        const reserveRanked = ranked(skip);
        const shared = check([key("shared")], 1);
        expect(await reserveRanked([offer([shared]), offer([shared])], 2)).toEqual([
          { placed: true },
          { placed: false, exhausted: { index: 0, count: 1 } },
        ]);
      });

      it("matches counts() then reserve() per placed offer on random cases", async ({ skip }) => {
        const reserveRanked = ranked(skip);
        let seed = 7;
        const random = (n: number): number => {
          seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
          return seed % n;
        };
        for (let round = 0; round < 12; round++) {
          // Two copies of one random situation under different keys: one for each path.
          const build = (copy: string): RankedCaps[] =>
            Array.from({ length: 6 }, (_, o) => {
              const checks = Array.from({ length: 1 + (o % 3) }, (_, c) =>
                check([key(`${copy}-${round}-${o}-${c}`)], 1 + ((o + c + round) % 3)),
              );
              return offer(
                checks,
                checks.map((_, i) => i).filter((i) => (i + o) % 3 !== 2),
                (o + round) % 5 !== 0,
              );
            });
          const [one, two] = [build("ranked"), build("sequential")];
          const prefill = Array.from({ length: 6 }, () => random(3));
          for (const [o, times] of prefill.entries()) {
            for (let t = 0; t < times; t++) {
              await store.record(eventId(`ranked-${round}-${o}-${t}`), [
                { writeKey: one[o]!.checks[0]!.writeKey },
              ]);
              await store.record(eventId(`sequential-${round}-${o}-${t}`), [
                { writeKey: two[o]!.checks[0]!.writeKey },
              ]);
            }
          }
          const wanted = random(4);
          const outcomes = await reserveRanked(one, wanted);

          const counts = await store.counts(two.flatMap((o) => o.checks));
          let position = 0;
          let placed = 0;
          const expected: RankedOutcome[] = [];
          for (const candidate of two) {
            const mine = counts.slice(position, (position += candidate.checks.length));
            const index = mine.findIndex((count, i) => count >= candidate.checks[i]!.limit);
            if (index !== -1) {
              expected.push({ placed: false, exhausted: { index, count: mine[index]! } });
            } else if (candidate.placeable && placed < wanted) {
              expect(
                await store.reserve(candidate.reserve.map((i) => candidate.checks[i]!)),
              ).toEqual({ ok: true });
              placed++;
              expected.push({ placed: true });
            } else {
              expected.push({ placed: false });
            }
          }
          expect(outcomes).toEqual(expected);
          expect(await store.counts(one.flatMap((o) => o.checks))).toEqual(
            await store.counts(two.flatMap((o) => o.checks)),
          );
        }
      });

      it("200 concurrent calls never over-deliver and each places at most `wanted`", async ({
        skip,
      }) => {
        const reserveRanked = ranked(skip);
        const [a, b] = [check([key("a")], 10), check([key("b")], 25)];
        const profiles = Array.from({ length: 10 }, (_, i) => check([key(`profile-${i}`)], 2));
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            reserveRanked([offer([a, profiles[i % 10]!], [0, 1]), offer([b])], 1),
          ),
        );
        for (const outcomes of results)
          expect(outcomes.filter((o) => o.placed).length).toBeLessThanOrEqual(1);
        expect(results.filter((o) => o[0]?.placed)).toHaveLength(10);
        expect(results.filter((o) => o[1]?.placed)).toHaveLength(25);
        expect(await store.counts([a, b])).toEqual([10, 25]);
        const perProfile = await store.counts(profiles);
        expect(perProfile.reduce((sum, n) => sum + n, 0)).toBe(10);
        for (const n of perProfile) expect(n).toBeLessThanOrEqual(2);
      });
    });
  });
}
