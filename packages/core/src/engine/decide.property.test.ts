import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DecisionEngine } from "./decision-engine.js";
import { FullScanIndex } from "../library/eligibility-index.js";
import type { LibraryBundleInput } from "../model/library.js";
import type { DecisionRequestInput } from "../model/request.js";

const NOW = Date.parse("2026-06-10T12:00:00Z");
const PLACEMENTS = ["p0", "p1", "p2"];
const TAGS = ["a", "b", "c"];
const RULES = [
  undefined,
  "profile.age >= 30",
  "profile.tier == 'gold'",
  "'x' in profile.tags",
  "profile.age < 40 || profile.tier == 'silver'",
  "profile.missing > 1", // errors for every profile: rule-error, never a throw
];
const FORMULAS = [
  "offer.priority * 2.0 + (profile.age > 30 ? 1.0 : 0.0)", // static + request: walked best-first
  "(profile.age > 40 ? 3.0 : 0.0) + offer.priority", // request + static
  "double(size(offer.tags))", // static only
  "1.0", // constant
  "offer.priority * (profile.age > 30 ? 2.0 : 1.0)", // not separable: full evaluation
  "offer.priority - profile.age", // mixed: full evaluation
  // static + request + bounded terms (read both, constant branches): walked by upper bounds
  "offer.priority * 2.0 + (profile.age > 30 ? 1.0 : 0.0) + (has(offer.endDate) && offer.endDate - now < duration('24h') ? 1.5 : 0.0)",
  "double(size(offer.tags)) + ('a' in offer.tags && profile.age > 35 ? 2.0 : (profile.age < 20 ? -1.0 : 0.0))",
  "offer.priority + 0.5 + (offer.priority > profile.age / 20 ? 0.5 : 0.0) + (profile.tier in offer.tags ? 1.0 : 0.0)",
];

const iso = (offsetHours: number) => new Date(NOW + offsetHours * 3_600_000).toISOString();

const offerArb = (i: number) =>
  fc
    .record({
      priority: fc.integer({ min: 0, max: 3 }), // few values: many ties for the tie-break to settle
      status: fc.constantFrom("approved", "approved", "approved", "draft", "archived"),
      start: fc.option(fc.integer({ min: -48, max: 2 }), { nil: undefined }),
      length: fc.integer({ min: 1, max: 96 }),
      placements: fc.subarray(PLACEMENTS, { minLength: 1 }),
      rule: fc.constantFrom(...RULES),
      tags: fc.subarray(TAGS),
      cap: fc.option(
        fc.record({
          scope: fc.constantFrom("profile", "global"),
          limit: fc.integer({ min: 1, max: 3 }),
          event: fc.constantFrom("decision", "display"),
        }),
        { nil: undefined },
      ),
    })
    .map((o) => ({
      id: `o${i}`,
      name: `Offer ${i}`,
      status: o.status,
      priority: o.priority,
      tags: o.tags,
      ...(o.start === undefined
        ? {}
        : { startDate: iso(o.start), endDate: iso(o.start + o.length) }),
      representations: o.placements.map((placementId) => ({
        placementId,
        type: "text",
        content: `o${i}`,
      })),
      ...(o.rule ? { eligibility: { expression: o.rule } } : {}),
      ...(o.cap ? { caps: [{ id: "c", ...o.cap }] } : {}),
    }));

const libraryArb: fc.Arbitrary<LibraryBundleInput> = fc
  .integer({ min: 1, max: 12 })
  .chain((n) =>
    fc.record({
      offers: fc.tuple(...Array.from({ length: n }, (_, i) => offerArb(i))),
      collections: fc.array(fc.subarray(Array.from({ length: n }, (_, i) => `o${i}`)), {
        minLength: 1,
        maxLength: 3,
      }),
      groups: fc.array(
        fc.array(
          fc.record({
            collection: fc.nat(),
            rule: fc.option(fc.constantFrom("context.channel == 'web'", "profile.age > 20"), {
              nil: undefined,
            }),
            formula: fc.option(fc.constantFrom(...FORMULAS), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      dynamicTag: fc.constantFrom(...TAGS),
      placementDuplicates: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    }),
  )
  .map(({ offers, collections, groups, dynamicTag, placementDuplicates }) => {
    const collectionList = [
      ...collections.map((ids, i) => ({
        id: `s${i}`,
        name: `s${i}`,
        kind: "static" as const,
        offerIds: ids,
      })),
      { id: "dyn", name: "dyn", kind: "dynamic" as const, tagsAny: [dynamicTag] },
    ];
    return {
      version: 1,
      placements: PLACEMENTS.map((id, i) => ({
        id,
        name: id,
        channel: "web" as const,
        contentType: "text" as const,
        itemCount: 2,
        allowDuplicates: placementDuplicates[i]!,
      })),
      offers: [
        ...offers,
        {
          id: "fb",
          name: "fb",
          kind: "fallback" as const,
          status: "approved" as const,
          representations: PLACEMENTS.map((placementId) => ({
            placementId,
            type: "text" as const,
            content: "fb",
          })),
        },
      ],
      collections: collectionList,
      decisions: [
        {
          id: "d",
          name: "d",
          status: "live" as const,
          fallbackOfferId: "fb",
          scopes: PLACEMENTS.map((placementId) => ({
            placementId,
            groups: groups.map((criteria) => ({
              criteria: criteria.map((c) => ({
                collectionId: collectionList[c.collection % collectionList.length]!.id,
                ...(c.rule ? { rule: { expression: c.rule } } : {}),
                ranking: c.formula
                  ? { method: "formula" as const, expression: c.formula }
                  : { method: "priority" as const },
              })),
            })),
          })),
        },
      ],
    } as LibraryBundleInput;
  });

const requestArb: fc.Arbitrary<DecisionRequestInput> = fc
  .record({
    profile: fc.record({
      id: fc.constantFrom("u1", "u2", "u3"),
      attributes: fc.record({
        age: fc.integer({ min: 10, max: 70 }),
        tier: fc.constantFrom("gold", "silver"),
        tags: fc.subarray(["x", "y"]),
      }),
    }),
    context: fc.record({ channel: fc.constantFrom("web", "email") }),
    scopes: fc.array(
      fc.record({
        decisionId: fc.constant("d"),
        placementId: fc.constantFrom(...PLACEMENTS),
        itemCount: fc.integer({ min: 1, max: 4 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    options: fc.record({
      allowDuplicates: fc.option(fc.boolean(), { nil: undefined }),
      dryRun: fc.boolean(),
      explain: fc.constantFrom(false, false, false, true),
      randomTieBreakSeed: fc.option(fc.integer(), { nil: undefined, freq: 3 }),
    }),
  })
  .map((r) => ({
    ...r,
    options: Object.fromEntries(Object.entries(r.options).filter(([, v]) => v !== undefined)),
  }));

function engine(library: LibraryBundleInput, seed: number, fullScan = false) {
  return new DecisionEngine({
    library,
    seed,
    clock: { now: () => new Date(NOW) },
    ...(fullScan
      ? {
          compileOptions: {
            orderedWalk: false,
            buildIndex: (members) => new FullScanIndex(members),
          },
        }
      : {}),
  });
}

describe("pipeline properties (random libraries and requests)", () => {
  it("items xor fallback, no repeats, item counts, duplicates policy, only eligible offers", async () => {
    await fc.assert(
      fc.asyncProperty(
        libraryArb,
        fc.array(requestArb, { minLength: 1, maxLength: 4 }),
        async (library, requests) => {
          const e = engine(library, 1);
          const placements = new Map((library.placements ?? []).map((p) => [p.id, p]));
          const offers = new Map((library.offers ?? []).map((o) => [o.id, o]));
          for (const request of requests) {
            const r = await e.decide(request);
            expect(r.errors).toEqual([]);
            expect(r.propositions).toHaveLength(request.scopes.length);
            const allowDup =
              request.options?.allowDuplicates !== false &&
              request.scopes.every((s) => placements.get(s.placementId)!.allowDuplicates === true);
            const seenAcross = new Set<string>();
            r.propositions.forEach((p, i) => {
              expect(p.items.length > 0 !== (p.fallback !== undefined)).toBe(true);
              expect(p.items.length).toBeLessThanOrEqual(request.scopes[i]!.itemCount!);
              const ids = p.items.map((it) => it.offerId);
              expect(new Set(ids).size).toBe(ids.length);
              for (const id of ids) {
                const o = offers.get(id)! as {
                  status?: string;
                  representations?: { placementId: string }[];
                };
                expect(o.status).toBe("approved");
                expect(o.representations!.some((rep) => rep.placementId === p.placementId)).toBe(
                  true,
                );
                if (!allowDup) expect(seenAcross.has(id)).toBe(false);
                seenAcross.add(id);
              }
            });
            if (request.options?.explain) {
              expect(r.trace!.scopes).toHaveLength(request.scopes.length);
              for (const scope of r.trace!.scopes) {
                const selected = scope.candidates
                  .filter((c) => c.stage === "selected")
                  .map((c) => c.offerId);
                const placed = r.propositions.find(
                  (p) =>
                    p.placementId === scope.placementId &&
                    p.items.every((it) => selected.includes(it.offerId)),
                );
                expect(placed).toBeDefined();
              }
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("the same input with the same seed gives the same output", async () => {
    await fc.assert(
      fc.asyncProperty(
        libraryArb,
        fc.array(requestArb, { minLength: 1, maxLength: 3 }),
        fc.integer(),
        async (library, requests, seed) => {
          const a = engine(library, seed);
          const b = engine(library, seed);
          for (const request of requests) {
            expect(await b.decide(request)).toEqual(await a.decide(request));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("the best-first walk and the predicate index give exactly what the full scan gives", async () => {
    await fc.assert(
      fc.asyncProperty(
        libraryArb,
        fc.array(requestArb, { minLength: 1, maxLength: 5 }),
        async (library, requests) => {
          const fast = engine(library, 9);
          const full = engine(library, 9, true);
          for (const request of requests) {
            expect(await fast.decide(request)).toEqual(await full.decide(request));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("… also on dense libraries where most offers qualify and rankings tie across criteria", async () => {
    const dense = libraryArb.map((lib) => ({
      ...lib,
      offers: (lib.offers ?? []).map((o) => {
        if (o.kind === "fallback") return o;
        const { startDate: _s, endDate: _e, ...rest } = o as Record<string, unknown>;
        return { ...rest, status: "approved" } as typeof o;
      }),
    }));
    const plain = requestArb.map((r) => ({
      ...r,
      options: { dryRun: r.options?.dryRun ?? false },
    }));
    await fc.assert(
      fc.asyncProperty(
        dense,
        fc.array(plain, { minLength: 1, maxLength: 4 }),
        async (library, requests) => {
          const fast = engine(library, 5);
          const full = engine(library, 5, true);
          for (const request of requests)
            expect(await fast.decide(request)).toEqual(await full.decide(request));
        },
      ),
      { numRuns: 300 },
    );
  });
});
