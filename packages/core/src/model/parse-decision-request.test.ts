import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastParseDecisionRequest, parseDecisionRequest } from "./parse-decision-request.js";
import { DecisionRequest } from "./request.js";

const id = fc.oneof(
  fc.constantFrom("home", "web.hero", "a:b-c_d", "x"),
  fc.constantFrom("", "-bad", "a b", "é", "x".repeat(129)),
  fc.string({ maxLength: 6 }),
);
const json = fc.jsonValue({ maxDepth: 3 });
const odd = fc.constantFrom<unknown>(
  undefined,
  null,
  0,
  -1,
  1.5,
  31,
  100,
  "3",
  true,
  [],
  {},
  Number.NaN,
  Number.POSITIVE_INFINITY,
  new Date(0),
  () => 1,
);

const scope = fc.record(
  {
    decisionId: fc.oneof(id, odd),
    placementId: fc.oneof(id, odd),
    itemCount: fc.oneof(fc.integer({ min: 0, max: 40 }), odd),
    extra: odd,
  },
  { requiredKeys: [] },
);
const options = fc.record(
  {
    dryRun: fc.oneof(fc.boolean(), odd),
    explain: fc.oneof(fc.boolean(), odd),
    allowDuplicates: fc.oneof(fc.boolean(), odd),
    now: fc.constantFrom<unknown>("2026-01-01T00:00:00Z", "yesterday", 5),
    randomTieBreakSeed: fc.oneof(fc.integer(), fc.string({ maxLength: 4 })),
    other: odd,
  },
  { requiredKeys: [] },
);
const attributes = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 5 }), json, { maxKeys: 5 }),
  odd,
  fc.constant({ nested: { f: () => 1 } }),
  fc.constant({ big: Number.NaN }),
);
const validId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,10}$/);
const dict = fc.dictionary(fc.string({ maxLength: 5 }), json, { maxKeys: 6 });
const validRequest = fc.record(
  {
    profile: fc.record(
      { id: fc.string({ minLength: 1, maxLength: 8 }), attributes: dict },
      { requiredKeys: ["id"] },
    ),
    context: dict,
    scopes: fc.array(
      fc.record(
        { decisionId: validId, placementId: validId, itemCount: fc.integer({ min: 0, max: 33 }) },
        { requiredKeys: ["decisionId", "placementId"] },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    options: fc.record(
      { dryRun: fc.boolean(), explain: fc.boolean(), allowDuplicates: fc.boolean() },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ["profile", "scopes"] },
);
const wildRequest = fc.record(
  {
    profile: fc.oneof(
      fc.record(
        {
          id: fc.oneof(fc.string({ maxLength: 8 }), odd, fc.constant("p".repeat(257))),
          attributes,
          extra: odd,
        },
        { requiredKeys: ["id"] },
      ),
      odd,
    ),
    context: attributes,
    scopes: fc.oneof(
      fc.array(scope, { minLength: 0, maxLength: 4 }),
      fc.array(fc.constant({ decisionId: "d", placementId: "p", itemCount: 30 }), {
        minLength: 3,
        maxLength: 5,
      }),
      odd,
    ),
    options: fc.oneof(options, odd),
    unknownKey: odd,
  },
  { requiredKeys: [] },
);

describe("parseDecisionRequest", () => {
  it("agrees with the schema on every input: same verdict, same data, same issues", () => {
    let fast = 0;
    fc.assert(
      fc.property(
        fc.oneof({ arbitrary: validRequest, weight: 2 }, { arbitrary: wildRequest, weight: 1 }),
        (input) => {
          const expected = DecisionRequest.safeParse(input);
          const quick = fastParseDecisionRequest(input);
          if (quick) {
            fast++;
            expect(expected.success).toBe(true);
            expect(quick).toStrictEqual(expected.data);
          }
          const got = parseDecisionRequest(input);
          expect(got.success).toBe(expected.success);
          if (got.success && expected.success) expect(got.data).toStrictEqual(expected.data);
          else if (!got.success && !expected.success)
            expect(got.error.issues).toStrictEqual(expected.error.issues);
        },
      ),
      { numRuns: 5000, seed: 20261122 },
    );
    // The comparison means something only if the fast pass actually ran on a good share of inputs.
    expect(fast).toBeGreaterThan(1000);
  });

  it("takes the fast pass for ordinary requests, with the schema's defaults", () => {
    const r = fastParseDecisionRequest({
      profile: { id: "p1" },
      scopes: [{ decisionId: "d", placementId: "web" }],
    });
    expect(r).toStrictEqual({
      profile: { id: "p1", attributes: {} },
      context: {},
      scopes: [{ decisionId: "d", placementId: "web" }],
      options: { dryRun: false, explain: false },
    });
  });

  it("leaves bad input to the schema, which names the path", () => {
    const r = parseDecisionRequest({
      profile: { id: "p1", attributes: { a: [1, Number.NaN] } },
      scopes: [{ decisionId: "d", placementId: "web", itemCount: 31 }],
    });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(r.error.issues.map((i) => i.path.join("."))).toEqual(
        expect.arrayContaining(["profile.attributes.a.1", "scopes.0.itemCount"]),
      );
  });

  it("refuses more than 100 items in one request, as the schema does", () => {
    const scopes = Array.from({ length: 4 }, () => ({
      decisionId: "d",
      placementId: "p",
      itemCount: 30,
    }));
    expect(fastParseDecisionRequest({ profile: { id: "p" }, scopes })).toBeUndefined();
    expect(parseDecisionRequest({ profile: { id: "p" }, scopes }).success).toBe(false);
  });
});
