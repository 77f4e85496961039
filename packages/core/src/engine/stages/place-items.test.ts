import { describe, expect, it } from "vitest";
import { generateWorkload } from "../../bench-workload/index.js";
import type {
  CounterCheck,
  CounterIncrement,
  CounterStore,
  RankedCaps,
} from "../../caps/counter-store.js";
import { MemoryCounterStore } from "../../caps/memory-counter-store.js";
import type { LibraryBundleInput } from "../../model/library.js";
import type { DecisionRequestInput } from "../../model/request.js";
import { cap, library, offer } from "../../test-support/library-fixtures.js";
import { DecisionEngine } from "../decision-engine.js";

const NOW = new Date("2026-06-10T12:00:00Z");

/** The same memory store, without reserveRanked: the engine falls back to counts() + reserve() per offer. */
class SequentialOnly implements CounterStore {
  readonly inner = new MemoryCounterStore({ now: () => NOW.getTime() });
  counts(checks: readonly CounterCheck[]) {
    return this.inner.counts(checks);
  }
  reserve(checks: readonly CounterCheck[]) {
    return this.inner.reserve(checks);
  }
  record(eventId: string, increments: readonly CounterIncrement[]) {
    return this.inner.record(eventId, increments);
  }
}

/** A memory store whose reserveRanked calls are counted, so the test knows the batched path ran. */
class CountingRanked extends MemoryCounterStore {
  calls = 0;
  override reserveRanked(candidates: readonly RankedCaps[], wanted: number) {
    this.calls++;
    return super.reserveRanked(candidates, wanted);
  }
}

function twoEngines(bundle: LibraryBundleInput) {
  const ranked = new CountingRanked({ now: () => NOW.getTime() });
  const sequential = new SequentialOnly();
  const engine = (counterStore: CounterStore) =>
    new DecisionEngine({ library: bundle, seed: 7, clock: { now: () => NOW }, counterStore });
  return { ranked, sequential, withRanked: engine(ranked), withSequential: engine(sequential) };
}

describe("placing with reserveRanked matches counts() + reserve() per placed offer", () => {
  it("on the benchmark workload with caps, until caps run out (walk path)", async () => {
    const workload = generateWorkload({ offers: 200, profiles: 40, caps: true });
    // The workload's caps never bite (limits in the millions); small ones make the walk meet exhausted caps.
    const small: Record<string, number> = { "per-profile": 2, global: 6 };
    const bundle = {
      ...workload.library,
      offers: (workload.library.offers ?? []).map((o) =>
        "caps" in o && o.caps
          ? { ...o, caps: o.caps.map((c) => ({ ...c, limit: small[c.id] ?? c.limit })) }
          : o,
      ),
    };
    const { ranked, withRanked, withSequential } = twoEngines(bundle);
    let placed = 0;
    for (let i = 0; i < 400; i++) {
      const request: DecisionRequestInput = {
        profile: workload.profiles[i % 40]!,
        context: workload.contexts[i % 40]!,
        scopes: [{ decisionId: "bench", placementId: "web" }],
      };
      const a = await withRanked.decide(request);
      expect(a).toEqual(await withSequential.decide(request));
      placed += a.propositions[0]?.items.length ?? 0;
    }
    expect(ranked.calls).toBeGreaterThan(0);
    // Caps really bit: far fewer items than 400 decisions × 3.
    expect(placed).toBeGreaterThan(0);
    expect(placed).toBeLessThan(1000);
  });

  it("with explain, two groups, two scopes without duplicates, display caps and exhausted decision caps (pooled path)", async () => {
    const offers = [
      offer("A", 9, { caps: [cap("g", { scope: "global", limit: 3 })] }),
      offer("B", 8, {
        caps: [cap("p", { limit: 2 }), cap("seen", { event: "display", limit: 1 })],
      }),
      offer("C", 7, { caps: [cap("p", { limit: 1 }), cap("g", { scope: "global", limit: 5 })] }),
      offer("D", 6),
      offer("E", 5, { caps: [cap("each", { limit: 1, placements: "each" })] }),
      offer("F", 4, { caps: [cap("g", { scope: "global", limit: 4 })] }),
    ];
    const bundle = library({
      offers,
      collections: [
        { id: "all", name: "All", kind: "static", offerIds: offers.map((o) => o.id) },
        { id: "firsts", name: "Firsts", kind: "static", offerIds: ["A", "C", "E"] },
      ],
      groups: [
        [
          {
            collectionId: "firsts",
            ranking: { method: "formula", expression: "profile.boost + offer.priority * 1.0" },
          },
        ],
        [{ collectionId: "all" }],
      ],
    });
    const { ranked, withRanked, withSequential } = twoEngines(bundle);
    for (let i = 0; i < 40; i++) {
      const request: DecisionRequestInput = {
        profile: { id: `p${i % 5}`, attributes: { boost: i % 3 } },
        scopes: [
          { decisionId: "d", placementId: "top", itemCount: 1 + (i % 2) },
          { decisionId: "d", placementId: "side", itemCount: 2 },
        ],
        options: { explain: i % 4 !== 3 },
      };
      const a = await withRanked.decide(request);
      const b = await withSequential.decide(request);
      expect(a).toEqual(b);
      // Display events count against the display cap the same way on both.
      const shown = a.propositions.flatMap((p) =>
        p.items.map((item, n) => ({
          id: `shown-${i}-${p.placementId}-${n}`,
          type: "display",
          offerId: item.offerId,
          profileId: request.profile.id,
          propositionId: p.id,
          decisionId: p.decisionId,
          placementId: p.placementId,
          timestamp: NOW.toISOString(),
        })),
      );
      await withRanked.track(shown);
      await withSequential.track(shown);
    }
    expect(ranked.calls).toBeGreaterThan(0);
    const last = await withRanked.decide({
      profile: { id: "p0", attributes: { boost: 0 } },
      scopes: [{ decisionId: "d", placementId: "top" }],
      options: { explain: true, dryRun: true },
    });
    const stages = last.trace?.scopes[0]?.candidates.map((c) => c.stage) ?? [];
    expect(stages).toContain("cap");
  });

  it("a dry run neither reserves nor calls reserveRanked", async () => {
    const bundle = library({
      offers: [offer("A", 9, { caps: [cap("g", { scope: "global", limit: 1 })] })],
    });
    const { ranked, withRanked } = twoEngines(bundle);
    const request = { profile: { id: "p" }, scopes: [{ decisionId: "d", placementId: "top" }] };
    for (let i = 0; i < 3; i++)
      expect(
        (
          await withRanked.decide({ ...request, options: { dryRun: true } })
        ).propositions[0]?.items.map((x) => x.offerId),
      ).toEqual(["A"]);
    expect(ranked.calls).toBe(0);
    expect((await withRanked.decide(request)).propositions[0]?.items.map((x) => x.offerId)).toEqual(
      ["A"],
    );
    expect((await withRanked.decide(request)).propositions[0]?.fallback?.offerId).toBe("fb");
    expect(ranked.calls).toBe(2);
  });
});
