import { describe, expect, it } from "vitest";
import { DecisionEngine } from "./decision-engine.js";
import { MemoryCounterStore } from "../caps/memory-counter-store.js";
import type { DecisionResponse } from "../model/proposition.js";
import type { OfferEvent } from "../model/event.js";
import { cap, library, offer, twoScopes } from "../test-support/library-fixtures.js";

const NOW = "2026-06-10T12:00:00Z";
const profile = { id: "p1", attributes: { age: 30, tier: "gold" } };

const ids = (r: DecisionResponse, scope: number) =>
  r.propositions[scope]!.items.map((i) => i.offerId);
const fallbackOf = (r: DecisionResponse, scope: number) => r.propositions[scope]!.fallback?.offerId;

function engineFor(lib: ReturnType<typeof library>, events: OfferEvent[] = []) {
  return new DecisionEngine({
    library: lib,
    seed: 1,
    clock: { now: () => new Date(NOW) },
    eventSink: { emit: (e) => void events.push(...e) },
  });
}

const fourOffers = () => [offer("O1", 4), offer("O2", 3), offer("O3", 2), offer("O4", 1)];

describe("worked examples (DESIGN.md / Adobe semantics)", () => {
  it("(a) two scopes of 2 without duplicates split O1..O4 in request order", async () => {
    const r = await engineFor(library({ offers: fourOffers() })).decide({
      profile,
      scopes: twoScopes(),
    });
    expect(ids(r, 0)).toEqual(["O1", "O2"]);
    expect(ids(r, 1)).toEqual(["O3", "O4"]);
    expect(r.errors).toEqual([]);
  });

  it("(a) with O1 and O3 capped: scope 1 gets O2, O4 and scope 2 the fallback", async () => {
    const offers = fourOffers().map((o) =>
      o.id === "O1" || o.id === "O3"
        ? { ...o, caps: [cap("c", { scope: "global", limit: 1 })] }
        : o,
    );
    const engine = engineFor(library({ offers }));
    // Use up the global caps of O1 and O3 with an earlier decision for another profile.
    await engine.decide({
      profile: { id: "warmup" },
      scopes: [
        { decisionId: "d", placementId: "top", itemCount: 1 },
        { decisionId: "d", placementId: "side", itemCount: 2 },
      ],
    });
    const r = await engine.decide({ profile, scopes: twoScopes() });
    expect(ids(r, 0)).toEqual(["O2", "O4"]);
    expect(r.propositions[1]!.items).toEqual([]);
    expect(fallbackOf(r, 1)).toBe("fb");
    expect(r.propositions[1]!.reason).toBe("fallback");
  });

  it("(b) with duplicates allowed both scopes get O1, O2", async () => {
    const engine = engineFor(library({ offers: fourOffers(), allowDuplicates: true }));
    const r = await engine.decide({ profile, scopes: twoScopes() });
    expect(ids(r, 0)).toEqual(["O1", "O2"]);
    expect(ids(r, 1)).toEqual(["O1", "O2"]);
    // The request can still forbid duplicates.
    const r2 = await engine.decide({
      profile,
      scopes: twoScopes(),
      options: { allowDuplicates: false },
    });
    expect(ids(r2, 1)).toEqual(["O3", "O4"]);
  });

  it("(b) one placement that disallows duplicates makes the whole request disallow them", async () => {
    const lib = library({ offers: fourOffers(), allowDuplicates: true });
    lib.placements![1] = { ...lib.placements![1]!, allowDuplicates: false };
    const r = await engineFor(lib).decide({
      profile,
      scopes: twoScopes(),
      options: { allowDuplicates: true },
    });
    expect(ids(r, 1)).toEqual(["O3", "O4"]);
  });

  it("(c) an offer reached by two criteria of one group ranks with its highest score", async () => {
    const lib = library({
      offers: [offer("A", 1, { attributes: { boost: 5 } }), offer("B", 7)],
      collections: [
        { id: "onlyA", name: "A", kind: "static", offerIds: ["A"] },
        { id: "all", name: "All", kind: "static", offerIds: ["A", "B"] },
      ],
      groups: [
        [
          { collectionId: "onlyA", ranking: { method: "formula", expression: "5.0" } },
          {
            collectionId: "all",
            ranking: { method: "formula", expression: "offer.id == 'A' ? 9.0 : 8.0" },
          },
        ],
      ],
    });
    const r = await engineFor(lib).decide({
      profile,
      scopes: [{ decisionId: "d", placementId: "top", itemCount: 2 }],
      options: { explain: true },
    });
    expect(ids(r, 0)).toEqual(["A", "B"]);
    expect(r.propositions[0]!.items[0]!.score).toBe(9);
    const traceA = r.trace!.scopes[0]!.candidates.find((c) => c.offerId === "A")!;
    expect(traceA.criteria.sort()).toEqual([0, 1]);
    expect(traceA.scoreParts).toMatchObject({ method: "formula", formula: 9, criterionIndex: 1 });
  });

  it("(d) a later group only fills what earlier groups left, never repeating an offer", async () => {
    const lib = library({
      offers: [offer("P1", 1), offer("P2", 2), offer("G1", 9), offer("G2", 8)],
      collections: [
        { id: "premium", name: "Premium", kind: "static", offerIds: ["P1"] },
        { id: "all", name: "All", kind: "static", offerIds: ["P1", "P2", "G1", "G2"] },
      ],
      groups: [[{ collectionId: "premium" }], [{ collectionId: "all" }]],
      itemCount: 3,
    });
    const r = await engineFor(lib).decide({
      profile,
      scopes: [{ decisionId: "d", placementId: "top" }],
      options: { explain: true },
    });
    expect(ids(r, 0)).toEqual(["P1", "G1", "G2"]);
    const p1InGroup2 = r.trace!.scopes[0]!.candidates.find(
      (c) => c.offerId === "P1" && c.groupIndex === 1,
    )!;
    expect(p1InGroup2.stage).toBe("dedup");
    const p2 = r.trace!.scopes[0]!.candidates.find(
      (c) => c.offerId === "P2" && c.groupIndex === 1,
    )!;
    expect(p2.stage).toBe("item-count");
  });

  it("(e) draft, archived, expired, not-yet-started and unrepresented offers never appear; the trace says why", async () => {
    const noSide = offer("NOREP", 9);
    (noSide as { representations: unknown[] }).representations = [
      { placementId: "side", type: "text", content: "x" },
    ];
    const lib = library({
      offers: [
        offer("DRAFT", 9, { status: "draft" }),
        offer("ARCH", 9, { status: "archived" }),
        offer("EXPIRED", 9, { endDate: "2026-06-10T12:00:00Z" }), // end is exclusive
        offer("FUTURE", 9, { startDate: "2026-06-10T12:00:01Z" }),
        noSide,
        offer("OK", 1, { startDate: "2026-06-10T12:00:00Z" }), // start is inclusive
      ],
    });
    const r = await engineFor(lib).decide({
      profile,
      scopes: [{ decisionId: "d", placementId: "top", itemCount: 5 }],
      options: { explain: true },
    });
    expect(ids(r, 0)).toEqual(["OK"]);
    const stage = (id: string) => r.trace!.scopes[0]!.candidates.find((c) => c.offerId === id);
    expect(stage("DRAFT")).toMatchObject({
      stage: "status",
      reason: expect.stringContaining("draft"),
    });
    expect(stage("ARCH")).toMatchObject({
      stage: "status",
      reason: expect.stringContaining("archived"),
    });
    expect(stage("EXPIRED")).toMatchObject({ stage: "dates", reason: "offer has ended" });
    expect(stage("FUTURE")).toMatchObject({ stage: "dates", reason: "offer has not started yet" });
    expect(stage("NOREP")).toMatchObject({ stage: "placement" });
    expect(stage("OK")).toMatchObject({ stage: "selected" });
  });
});

describe("rules in the pipeline", () => {
  it("eligibility and criterion rules exclude with the failing sub-expression in the trace", async () => {
    const lib = library({
      offers: [
        offer("ADULT", 5, {
          eligibility: { expression: "profile.age >= 18 && profile.tier == 'platinum'" },
        }),
        offer("ANY", 1),
      ],
      groups: [[{ collectionId: "all", rule: { expression: "context.channel == 'web'" } }]],
    });
    const engine = engineFor(lib);
    const r = await engine.decide({
      profile,
      context: { channel: "web" },
      scopes: [{ decisionId: "d", placementId: "top" }],
      options: { explain: true },
    });
    expect(ids(r, 0)).toEqual(["ANY"]);
    const adult = r.trace!.scopes[0]!.candidates.find((c) => c.offerId === "ADULT")!;
    expect(adult).toMatchObject({ stage: "eligibility", expression: "profile.tier == 'platinum'" });

    const r2 = await engine.decide({
      profile,
      context: { channel: "email" },
      scopes: [{ decisionId: "d", placementId: "top" }],
      options: { explain: true },
    });
    expect(r2.propositions[0]!.fallback?.offerId).toBe("fb");
    expect(r2.trace!.scopes[0]!.candidates.find((c) => c.offerId === "ANY")).toMatchObject({
      stage: "criterion-rule",
      expression: "context.channel == 'web'",
    });
  });

  it("a rule that fails on the profile's data excludes only that offer (rule-error), decide never throws", async () => {
    const lib = library({
      offers: [
        offer("NEEDS_LTV", 9, { eligibility: { expression: "profile.ltv > 100" } }),
        offer("OTHER", 1),
      ],
    });
    const r = await engineFor(lib).decide({
      profile: { id: "x", attributes: { ltv: "lots" } },
      scopes: [{ decisionId: "d", placementId: "top" }],
      options: { explain: true },
    });
    expect(ids(r, 0)).toEqual(["OTHER"]);
    expect(r.trace!.scopes[0]!.candidates.find((c) => c.offerId === "NEEDS_LTV")!.stage).toBe(
      "rule-error",
    );
    const missing = await engineFor(lib).decide({
      profile: { id: "y" },
      scopes: [{ decisionId: "d", placementId: "top" }],
    });
    expect(ids(missing, 0)).toEqual(["OTHER"]);
  });

  it("formula ranking orders by score, then priority, then id", async () => {
    const lib = library({
      offers: [
        offer("b", 1),
        offer("a", 1),
        offer("c", 5),
        offer("d", 0, { attributes: { margin: 100 } }),
      ],
      groups: [
        [
          {
            collectionId: "all",
            ranking: {
              method: "formula",
              expression: "has(offer.attributes.margin) ? 50.0 : 10.0",
            },
          },
        ],
      ],
      itemCount: 4,
    });
    const r = await engineFor(lib).decide({
      profile,
      scopes: [{ decisionId: "d", placementId: "top" }],
    });
    expect(ids(r, 0)).toEqual(["d", "c", "a", "b"]);
  });

  it("a seeded random tie-break is reproducible and differs from the id order for some seed", async () => {
    const offers = Array.from({ length: 8 }, (_, i) => offer(`t${i}`, 1));
    const engine = engineFor(library({ offers, itemCount: 8 }));
    const run = (seed: number) =>
      engine
        .decide({
          profile,
          scopes: [{ decisionId: "d", placementId: "top" }],
          options: { randomTieBreakSeed: seed, dryRun: true },
        })
        .then((r) => ids(r, 0));
    expect(await run(7)).toEqual(await run(7));
    const orders = new Set(await Promise.all([1, 2, 3, 4].map(async (s) => (await run(s)).join())));
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe("scope errors", () => {
  it("unknown, draft and out-of-date decisions give a typed error for that scope only", async () => {
    const lib = library({ offers: fourOffers() });
    lib.decisions!.push({ ...lib.decisions![0]!, id: "draft", status: "draft" });
    lib.decisions!.push({ ...lib.decisions![0]!, id: "over", endDate: "2026-01-01T00:00:00Z" });
    const r = await engineFor(lib).decide({
      profile,
      scopes: [
        { decisionId: "nope", placementId: "top" },
        { decisionId: "draft", placementId: "top" },
        { decisionId: "over", placementId: "top" },
        { decisionId: "d", placementId: "nowhere" },
        { decisionId: "d", placementId: "top" },
      ],
    });
    expect(r.errors.map((e) => e.code)).toEqual([
      "DECISION_NOT_FOUND",
      "DECISION_NOT_LIVE",
      "DECISION_OUT_OF_DATES",
      "PLACEMENT_NOT_IN_DECISION",
    ]);
    expect(r.propositions).toHaveLength(1);
    expect(ids(r, 0)).toEqual(["O1", "O2"]);
  });

  it("a malformed request throws VALIDATION_FAILED with paths", async () => {
    const engine = engineFor(library({ offers: fourOffers() }));
    await expect(
      engine.decide({
        profile: { id: "" },
        scopes: [{ decisionId: "d", placementId: "top", itemCount: 31 }],
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      issues: expect.arrayContaining([
        expect.objectContaining({ path: ["profile", "id"] }),
        expect.objectContaining({ path: ["scopes", 0, "itemCount"] }),
      ]),
    });
  });
});

describe("caps in the pipeline", () => {
  it("per-profile decision cap of 2: the third decision excludes the offer, other profiles still get it, dry runs never count", async () => {
    const lib = library({
      offers: [offer("CAPPED", 9, { caps: [cap("two", { limit: 2 })] }), offer("OTHER", 1)],
    });
    const engine = engineFor(lib);
    const one = { scopes: [{ decisionId: "d", placementId: "top", itemCount: 1 }] };
    for (let i = 0; i < 5; i++) {
      const dry = await engine.decide({ profile, ...one, options: { dryRun: true } });
      expect(ids(dry, 0)).toEqual(["CAPPED"]);
    }
    expect(ids(await engine.decide({ profile, ...one }), 0)).toEqual(["CAPPED"]);
    expect(ids(await engine.decide({ profile, ...one }), 0)).toEqual(["CAPPED"]);
    const third = await engine.decide({ profile, ...one, options: { explain: true } });
    expect(ids(third, 0)).toEqual(["OTHER"]);
    expect(third.trace!.scopes[0]!.candidates.find((c) => c.offerId === "CAPPED")).toMatchObject({
      stage: "cap",
      cap: { capId: "two", count: 2, limit: 2 },
    });
    expect(ids(await engine.decide({ profile: { id: "p2" }, ...one }), 0)).toEqual(["CAPPED"]);
  });

  it("a global cap of 10 under 200 concurrent decisions reserves exactly 10", async () => {
    const lib = library({
      offers: [
        offer("HOT", 9, { caps: [cap("ten", { scope: "global", limit: 10 })] }),
        offer("COLD", 1),
      ],
    });
    const counters = new MemoryCounterStore({ now: () => Date.parse(NOW) });
    const engine = new DecisionEngine({
      library: lib,
      counterStore: counters,
      clock: { now: () => new Date(NOW) },
    });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        engine.decide({
          profile: { id: `p${i}` },
          scopes: [{ decisionId: "d", placementId: "top", itemCount: 1 }],
        }),
      ),
    );
    const hot = results.filter((r) => ids(r, 0)[0] === "HOT").length;
    expect(hot).toBe(10);
    expect(results.filter((r) => ids(r, 0)[0] === "COLD").length).toBe(190);
  });

  it("a display cap counts only display events, and a repeated event id counts once", async () => {
    const lib = library({
      offers: [
        offer("SEEN", 9, { caps: [cap("views", { event: "display", limit: 2 })] }),
        offer("OTHER", 1),
      ],
    });
    const engine = engineFor(lib);
    const one = { profile, scopes: [{ decisionId: "d", placementId: "top", itemCount: 1 }] };
    const event = (id: string, type: "display" | "interact") => ({
      id,
      type,
      timestamp: NOW,
      profileId: "p1",
      propositionId: "prop",
      decisionId: "d",
      placementId: "top",
      offerId: "SEEN",
    });
    for (let i = 0; i < 4; i++) expect(ids(await engine.decide(one), 0)).toEqual(["SEEN"]);
    expect(
      await engine.track([
        event("e1", "display"),
        event("e1", "display"),
        event("c1", "interact"),
        event("c2", "interact"),
      ]),
    ).toEqual({ accepted: 3, duplicates: 1 });
    expect(ids(await engine.decide(one), 0)).toEqual(["SEEN"]);
    expect(await engine.track([event("e2", "display")])).toEqual({ accepted: 1, duplicates: 0 });
    expect(ids(await engine.decide(one), 0)).toEqual(["OTHER"]);
  });

  it("a weekly window in Europe/Paris resets at local midnight of the configured week start, across DST", async () => {
    let now = new Date("2026-03-28T10:00:00Z"); // Saturday; DST starts Sunday 2026-03-29 in Paris
    const weekly = cap("weekly", {
      limit: 1,
      window: {
        type: "calendar",
        unit: "week",
        count: 1,
        timeZone: "Europe/Paris",
        weekStart: "monday",
      },
    });
    const engine = new DecisionEngine({
      library: library({ offers: [offer("W", 9, { caps: [weekly] }), offer("OTHER", 1)] }),
      clock: { now: () => now },
    });
    const pick = async () =>
      ids(
        await engine.decide({
          profile,
          scopes: [{ decisionId: "d", placementId: "top", itemCount: 1 }],
        }),
        0,
      )[0];
    expect(await pick()).toBe("W");
    now = new Date("2026-03-29T21:59:59Z"); // Sunday 23:59:59 in Paris (UTC+2 after the change)
    expect(await pick()).toBe("OTHER");
    now = new Date("2026-03-29T22:00:00Z"); // Monday 00:00 in Paris
    expect(await pick()).toBe("W");
    expect(await pick()).toBe("OTHER");
  });
});

describe("events", () => {
  it("emits one decision event per proposition unless dry-run", async () => {
    const events: OfferEvent[] = [];
    const engine = engineFor(library({ offers: fourOffers() }), events);
    const r = await engine.decide({ profile, scopes: twoScopes() });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      type: "decision",
      propositionId: r.propositions[0]!.id,
      profileId: "p1",
      items: [{ offerId: "O1" }, { offerId: "O2" }],
    });
    await engine.decide({ profile, scopes: twoScopes(), options: { dryRun: true } });
    expect(events).toHaveLength(2);
  });
});

describe("decision events", () => {
  const request = {
    profile,
    context: { channel: "web", cart: { value: 40 } },
    scopes: [{ decisionId: "d", placementId: "top", itemCount: 2 }],
  };

  it("keep the profile attributes and context by default, so replay can decide the request again", async () => {
    const events: OfferEvent[] = [];
    const r = await engineFor(library({ offers: fourOffers() }), events).decide(request);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "decision",
      profileId: "p1",
      propositionId: r.propositions[0]!.id,
      items: [{ offerId: "O1" }, { offerId: "O2" }],
      profileAttributes: { age: 30, tier: "gold" },
      context: { channel: "web", cart: { value: 40 } },
    });
  });

  it('with decisionEventProfile "none" keep no profile data, and decide exactly the same', async () => {
    const kept: OfferEvent[] = [];
    const minimal: OfferEvent[] = [];
    const lib = library({ offers: fourOffers() });
    const full = await engineFor(lib, kept).decide(request);
    const engine = new DecisionEngine({
      library: lib,
      seed: 1,
      clock: { now: () => new Date(NOW) },
      eventSink: { emit: (e) => void minimal.push(...e) },
      decisionEventProfile: "none",
    });
    const r = await engine.decide(request);
    expect(r).toEqual(full);
    expect(minimal).toHaveLength(1);
    expect(minimal[0]).not.toHaveProperty("profileAttributes");
    expect(minimal[0]).not.toHaveProperty("context");
    const {
      profileAttributes: _a,
      context: _c,
      ...rest
    } = kept[0] as OfferEvent & {
      profileAttributes?: unknown;
      context?: unknown;
    };
    expect(minimal[0]).toEqual(rest);
  });
});
