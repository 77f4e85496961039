import { describe, expect, it } from "vitest";
import type { OfferkitError } from "../errors/offerkit-error.js";
import { compileLibrary } from "../library/compile-library.js";
import { DAY_MS } from "../learning/suppression-window.js";
import type { DecisionEvent, OfferEvent } from "../model/event.js";
import type { LibraryBundleInput } from "../model/library.js";
import { library, offer } from "../test-support/library-fixtures.js";
import { seededRandom } from "../util/seeded-random.js";
import { DecisionEngine } from "./decision-engine.js";

const T0 = Date.parse("2026-06-10T12:00:00Z");

/** The fixture library with its criteria ranked by `ranking` and the extra fields merged in. */
function learnedLibrary(
  offerCount: number,
  ranking: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  itemCount = 1,
): LibraryBundleInput {
  const lib = library({
    offers: Array.from({ length: offerCount }, (_, i) =>
      offer(`o${i}`, 1, { tags: i % 2 === 0 ? ["even"] : [] }),
    ),
    itemCount,
  });
  const decision = { ...lib.decisions![0]!, ...(extra["decision"] as object | undefined) };
  decision.scopes = decision.scopes.map((s) => ({
    ...s,
    groups: [{ criteria: [{ collectionId: "all", ranking }] }],
  })) as typeof decision.scopes;
  const { decision: _d, ...rest } = extra;
  return { ...lib, decisions: [decision], ...rest } as LibraryBundleInput;
}

function engineAt(
  lib: LibraryBundleInput,
  clock: { t: number },
  events: OfferEvent[] = [],
  seed = 1,
) {
  return new DecisionEngine({
    library: lib,
    seed,
    clock: { now: () => new Date(clock.t) },
    eventSink: { emit: (e) => void events.push(...e) },
  });
}

const decideTop = (
  engine: DecisionEngine,
  profileId: string,
  attributes: Record<string, string> = {},
) =>
  engine.decide({
    profile: { id: profileId, attributes },
    scopes: [{ decisionId: "d", placementId: "top" }],
  });

describe("Thompson sampling through the engine", () => {
  it("after 20,000 simulated impressions sends ≥ 80 % of traffic to the best offer (decide + track)", async () => {
    const rates = [0.03, 0.05, 0.04, 0.08, 0.06];
    const clock = { t: T0 };
    const engine = engineAt(
      learnedLibrary(rates.length, { method: "thompson", propensityDraws: 31 }),
      clock,
      [],
      2026,
    );
    const world = seededRandom(7);
    const impressions = 20_000;
    const window = 2_000;
    let regret = 0;
    let bestLast = 0;
    let bestAll = 0;
    const best = 3;
    for (let t = 0; t < impressions; t++) {
      clock.t += 1000;
      const r = await decideTop(engine, `u${t % 5000}`);
      const p = r.propositions[0]!;
      const item = p.items[0]!;
      const k = Number(item.offerId.slice(1));
      regret += rates[best]! - rates[k]!;
      if (k === best) {
        bestAll++;
        if (t >= impressions - window) bestLast++;
      }
      const base = {
        timestamp: new Date(clock.t).toISOString(),
        profileId: `u${t % 5000}`,
        propositionId: p.id,
        decisionId: "d",
        placementId: "top",
        offerId: item.offerId,
      };
      const events: unknown[] = [{ ...base, id: `d${t}`, type: "display" }];
      if (world() < rates[k]!) events.push({ ...base, id: `i${t}`, type: "interact" });
      await engine.track(events);
    }
    console.log(
      `bandit (engine): share to best offer ${((100 * bestLast) / window).toFixed(1)} % over the last ${window} impressions, ` +
        `${((100 * bestAll) / impressions).toFixed(1)} % overall; expected regret ${regret.toFixed(1)} clicks over ${impressions} impressions`,
    );
    expect(bestLast / window).toBeGreaterThanOrEqual(0.8);
  }, 120_000);

  it("is reproducible with a seed and logs propensities, score parts and request data", async () => {
    const run = async () => {
      const events: OfferEvent[] = [];
      const engine = engineAt(
        learnedLibrary(4, { method: "thompson" }, {}, 2),
        { t: T0 },
        events,
        5,
      );
      const r = await engine.decide({
        profile: { id: "u", attributes: { tier: "gold" } },
        context: { channel: "web" },
        scopes: [{ decisionId: "d", placementId: "top" }],
        options: { explain: true },
      });
      return { r, events };
    };
    const a = await run();
    const b = await run();
    expect(b.r).toEqual(a.r);
    const items = a.r.propositions[0]!.items;
    expect(items).toHaveLength(2);
    for (const item of items) {
      // Cold start: four Beta(1,1) arms, two slots → each about 1/2.
      expect(item.propensity).toBeGreaterThan(0.3);
      expect(item.propensity).toBeLessThan(0.7);
    }
    const event = a.events[0] as DecisionEvent;
    expect(event.items.map((i) => i.propensity)).toEqual(items.map((i) => i.propensity));
    expect(event.profileAttributes).toEqual({ tier: "gold" });
    expect(event.context).toEqual({ channel: "web" });
    const selected = a.r.trace!.scopes[0]!.candidates.filter(
      (c) => c.stage === "selected" && c.scoreParts?.propensity !== undefined,
    );
    expect(selected.map((c) => c.offerId).sort()).toEqual(items.map((i) => i.offerId).sort());
    expect(selected[0]!.scoreParts).toMatchObject({
      method: "thompson",
      arm: { displays: 0, interactions: 0, alpha: 1, beta: 1 },
    });
  });

  it("segmentBy learns per attribute value; events echo the segment", async () => {
    const clock = { t: T0 };
    const engine = engineAt(
      learnedLibrary(2, { method: "thompson", segmentBy: "tier", prior: { alpha: 1, beta: 50 } }),
      clock,
    );
    // Gold profiles click o0, silver ones o1.
    for (let t = 0; t < 300; t++) {
      for (const [tier, offerId] of [
        ["gold", "o0"],
        ["silver", "o1"],
      ] as const) {
        const base = {
          timestamp: new Date(clock.t).toISOString(),
          profileId: `${tier}${t}`,
          propositionId: `p${t}`,
          decisionId: "d",
          placementId: "top",
          offerId,
          segment: tier,
        };
        await engine.track([
          { ...base, id: `${tier}d${t}`, type: "display" },
          { ...base, id: `${tier}i${t}`, type: "interact" },
        ]);
      }
    }
    const gold = await decideTop(engine, "g", { tier: "gold" });
    const silver = await decideTop(engine, "s", { tier: "silver" });
    expect(gold.propositions[0]!.items[0]).toMatchObject({ offerId: "o0", segment: "gold" });
    expect(silver.propositions[0]!.items[0]).toMatchObject({ offerId: "o1", segment: "silver" });
  });
});

describe("arbitration", () => {
  it("ranks by value × propensity × levers and rejects a negative value as a rule error", async () => {
    const offers = [
      offer("a", 1, { attributes: { margin: 10 } }),
      offer("b", 1, { attributes: { margin: 30 } }),
      offer("c", 1, { attributes: { margin: -5 } }),
    ];
    const lib = library({ offers, itemCount: 3 });
    lib.decisions![0]!.scopes = lib.decisions![0]!.scopes.map((s) => ({
      ...s,
      groups: [
        {
          criteria: [
            {
              collectionId: "all",
              ranking: {
                method: "arbitration",
                value: "double(offer.attributes.margin)",
                propensity: "offer.id == 'a' ? 0.9 : 0.1",
                levers: "1.5",
              },
            },
          ],
        },
      ],
    })) as never;
    const r = await engineAt(lib, { t: T0 }).decide({
      profile: { id: "u" },
      scopes: [{ decisionId: "d", placementId: "top" }],
      options: { explain: true },
    });
    const items = r.propositions[0]!.items;
    expect(items.map((i) => i.offerId)).toEqual(["a", "b"]);
    expect(items[0]!.score).toBeCloseTo(10 * 0.9 * 1.5, 10);
    expect(items[1]!.score).toBeCloseTo(30 * 0.1 * 1.5, 10);
    expect(items.every((i) => i.propensity === 1)).toBe(true);
    const c = r.trace!.scopes[0]!.candidates.find((x) => x.offerId === "c")!;
    expect(c.stage).toBe("rule-error");
    expect(c.reason).toContain("value must be a finite number ≥ 0");
  });
});

describe("holdout", () => {
  it("holds out the configured share, stable per profile, and logs it", async () => {
    const events: OfferEvent[] = [];
    const engine = engineAt(
      learnedLibrary(3, { method: "priority" }, { decision: { holdout: { percent: 10 } } }),
      { t: T0 },
      events,
    );
    let held = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const p = (await decideTop(engine, `cust-${i}`)).propositions[0]!;
      if (p.holdout) {
        held++;
        expect(p.fallback?.offerId).toBe("fb");
        expect(p.items).toEqual([]);
      } else expect(p.items).toHaveLength(1);
    }
    expect(Math.abs(held / n - 0.1)).toBeLessThan(0.01);
    expect(events.filter((e) => e.type === "decision" && e.holdout === true)).toHaveLength(held);
    const again = await decideTop(engine, "cust-0");
    expect(again.propositions[0]!.holdout).toBe((events[0] as DecisionEvent).holdout);
  });

  it('serve "nothing": no items and no fallback, marked holdout', async () => {
    const engine = engineAt(
      learnedLibrary(
        3,
        { method: "priority" },
        { decision: { holdout: { percent: 100, serve: "nothing" } } },
      ),
      { t: T0 },
    );
    const r = await engine.decide({
      profile: { id: "x" },
      scopes: [{ decisionId: "d", placementId: "top" }],
      options: { explain: true },
    });
    expect(r.propositions[0]).toMatchObject({ reason: "holdout", items: [], holdout: true });
    expect(r.propositions[0]!.fallback).toBeUndefined();
    expect(r.trace!.scopes[0]!.outcome).toBe("holdout");
  });
});

describe("contact policies", () => {
  const policies = (days: number) => ({
    contactPolicies: [
      { id: "after-click", target: { offerId: "o0" }, outcome: "interact", days },
      {
        id: "evens-seen",
        target: { tag: "even" },
        outcome: "display",
        days: 1,
        placements: ["side"],
      },
    ],
  });

  it("suppress an offer from the outcome for exactly N × 24 h, with the policy in the trace", async () => {
    const clock = { t: T0 };
    const lib = learnedLibrary(3, { method: "priority" }, policies(3), 3);
    const engine = engineAt(lib, clock);
    const outcomeAt = T0 + 1234;
    clock.t = outcomeAt;
    await engine.track([
      {
        id: "i1",
        type: "interact",
        timestamp: new Date(outcomeAt).toISOString(),
        profileId: "u",
        propositionId: "p",
        decisionId: "d",
        placementId: "top",
        offerId: "o0",
      },
    ]);
    const offered = async (at: number) => {
      clock.t = at;
      const r = await engine.decide({
        profile: { id: "u" },
        scopes: [{ decisionId: "d", placementId: "top" }],
        options: { explain: true },
      });
      return {
        ids: r.propositions[0]!.items.map((i) => i.offerId),
        trace: r.trace!.scopes[0]!.candidates,
      };
    };
    const during = await offered(outcomeAt + 3 * DAY_MS - 1);
    expect(during.ids).not.toContain("o0");
    expect(during.trace.find((c) => c.offerId === "o0")).toMatchObject({
      stage: "suppressed",
      contactPolicy: "after-click",
    });
    expect((await offered(outcomeAt + 3 * DAY_MS)).ids).toContain("o0");
    // Another profile is not affected.
    clock.t = outcomeAt + 10;
    expect(
      (
        await engine.decide({
          profile: { id: "v" },
          scopes: [{ decisionId: "d", placementId: "top" }],
        })
      ).propositions[0]!.items.map((i) => i.offerId),
    ).toContain("o0");
  });

  it("a tag policy suppresses every offer with the tag, only in its placements", async () => {
    const clock = { t: T0 };
    const engine = engineAt(learnedLibrary(4, { method: "priority" }, policies(3), 4), clock);
    await engine.track([
      {
        id: "s1",
        type: "display",
        timestamp: new Date(T0).toISOString(),
        profileId: "u",
        propositionId: "p",
        decisionId: "d",
        placementId: "side",
        offerId: "o2",
      },
    ]);
    clock.t = T0 + DAY_MS - 1;
    const side = await engine.decide({
      profile: { id: "u" },
      scopes: [{ decisionId: "d", placementId: "side" }],
    });
    const top = await engine.decide({
      profile: { id: "u" },
      scopes: [{ decisionId: "d", placementId: "top" }],
    });
    expect(side.propositions[0]!.items.map((i) => i.offerId).sort()).toEqual(["o1", "o3"]);
    expect(top.propositions[0]!.items.map((i) => i.offerId).sort()).toEqual([
      "o0",
      "o1",
      "o2",
      "o3",
    ]);
    clock.t = T0 + DAY_MS;
    const later = await engine.decide({
      profile: { id: "u" },
      scopes: [{ decisionId: "d", placementId: "side" }],
    });
    expect(later.propositions[0]!.items).toHaveLength(4);
  });

  it("compileLibrary reports bad policies at their path", () => {
    const lib = learnedLibrary(
      2,
      { method: "priority" },
      {
        contactPolicies: [
          { id: "a", target: { offerId: "nope" }, outcome: "display", days: 1 },
          { id: "a", target: { tag: "x" }, outcome: "interact", days: 0 },
          {
            id: "b",
            target: { offerId: "o1" },
            outcome: "display",
            days: 2,
            placements: ["nowhere"],
          },
        ],
      },
    );
    try {
      compileLibrary(lib);
      expect.unreachable();
    } catch (error) {
      const issues = (error as OfferkitError).issues.map(
        (i) => `${i.path.join(".")}: ${i.message}`,
      );
      expect(issues).toContain('contactPolicies.0.target.offerId: unknown offer "nope"');
      expect(issues.some((i) => i.startsWith("contactPolicies.1.days:"))).toBe(true);
      expect(issues).toContain('contactPolicies.2.placements.0: unknown placement "nowhere"');
    }
  });
});

describe("propensities of deterministic rankings", () => {
  it("1 for chosen items; with a random tie-break, the tie group's share of the slots", async () => {
    const engine = engineAt(learnedLibrary(3, { method: "priority" }), { t: T0 });
    const plain = await decideTop(engine, "u");
    expect(plain.propositions[0]!.items[0]!.propensity).toBe(1);
    const tied = await engine.decide({
      profile: { id: "u" },
      scopes: [{ decisionId: "d", placementId: "top" }],
      options: { randomTieBreakSeed: 4 },
    });
    expect(tied.propositions[0]!.items[0]!.propensity).toBeCloseTo(1 / 3, 12);
    const explained = await engine.decide({
      profile: { id: "u" },
      scopes: [{ decisionId: "d", placementId: "top" }],
      options: { explain: true },
    });
    const candidates = explained.trace!.scopes[0]!.candidates;
    expect(candidates.find((c) => c.offerId === "o0")).toMatchObject({
      stage: "selected",
      scoreParts: { method: "priority", propensity: 1 },
    });
    expect(candidates.find((c) => c.offerId === "o1")!.scoreParts!.propensity).toBeUndefined();
  });
});
