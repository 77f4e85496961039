import { describe, expect, it } from "vitest";
import { compileLibrary, compileLibraryAsync, validateLibrary } from "./compile-library.js";
import { generateWorkload } from "../bench-workload/workload.js";
import { DecisionEngine } from "../engine/decision-engine.js";
import { OfferkitError } from "../errors/offerkit-error.js";
import { cap, library, offer } from "../test-support/library-fixtures.js";

function problems(input: unknown) {
  const r = validateLibrary(input);
  if (r.ok) throw new Error("expected the library to be invalid");
  return r.issues;
}

describe("compileLibrary", () => {
  it("compiles a valid library into an immutable snapshot", () => {
    const compiled = compileLibrary(library({ offers: [offer("A", 1)] }));
    expect(compiled.version).toBe(1);
    expect(
      compiled.decisions
        .get("d")
        ?.scopes.get("top")
        ?.groups[0]?.criteria[0]?.members.map((m) => m.id),
    ).toEqual(["A"]);
    expect(Object.isFrozen(compiled)).toBe(true);
  });

  it("reports every kind of problem at once, each with its path", () => {
    const lib = library({
      offers: [
        offer("A", 1, { eligibility: { expression: "profile.age >= && true" } }),
        offer("B", 1, { startDate: "2026-02-01T00:00:00Z", endDate: "2026-01-01T00:00:00Z" }),
        offer("C", 1, { caps: Array.from({ length: 11 }, (_, i) => cap(`c${i}`)) }),
        offer("D", 1, { eligibility: { ruleId: "missing-rule" } }),
      ],
      collections: [
        { id: "all", name: "All", kind: "static", offerIds: ["A", "B", "C", "D", "ghost"] },
      ],
    });
    lib.placements![0] = { ...lib.placements![0]!, itemCount: 31 };
    lib.rules = [{ id: "typed", name: "Typed", expression: 'profile.age > 1 + "a"' }];
    // The fallback lacks a representation for "side", which the decision uses.
    const fb = lib.offers!.find((o) => o.id === "fb")!;
    fb.representations = fb.representations!.filter((r) => r.placementId !== "side");
    lib.decisions![0]!.scopes[0]!.groups[0]!.criteria[0]!.collectionId = "nope";

    const issues = problems(lib);
    const at = (path: (string | number)[]) =>
      issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));

    expect(at(["offers", 0, "eligibility", "expression"])).toMatchObject({
      span: { start: expect.any(Number) },
    });
    expect(at(["offers", 1, "endDate"])?.message).toMatch(/after startDate/);
    expect(at(["offers", 2, "caps"])?.message).toMatch(/at most 10 caps/);
    expect(at(["offers", 3, "eligibility", "ruleId"])?.message).toMatch(
      /unknown rule "missing-rule"/,
    );
    expect(at(["collections", 0, "offerIds", 4])?.message).toMatch(/unknown offer "ghost"/);
    expect(at(["placements", 0, "itemCount"])).toBeDefined();
    expect(at(["rules", 0, "expression"])?.message).toMatch(/no such overload/);
    expect(at(["decisions", 0, "fallbackOfferId"])?.message).toMatch(
      /no representation for placement "side"/,
    );
    expect(
      at(["decisions", 0, "scopes", 0, "groups", 0, "criteria", 0, "collectionId"])?.message,
    ).toMatch(/unknown collection "nope"/);
  });

  it("points inside the expression at the failing position", () => {
    const issues = problems(
      library({
        offers: [
          offer("A", 1, {
            eligibility: { expression: 'profile.tier == "gold" && profile.age + "x" > 1' },
          }),
        ],
      }),
    );
    const issue = issues.find((i) => i.path.join(".") === "offers.0.eligibility.expression")!;
    expect(issue.span!.start).toBeGreaterThanOrEqual('profile.tier == "gold" && '.length);
  });

  it("refuses dangling references, duplicates and type mismatches", () => {
    const lib = library({ offers: [offer("A", 1), offer("A", 2)] });
    lib.offers!.push({
      id: "IMG",
      name: "wrong type",
      status: "approved",
      representations: [{ placementId: "top", type: "image", url: "https://cdn.example/x.png" }],
    });
    lib.decisions![0]!.fallbackOfferId = "A";
    lib.decisions!.push({
      ...lib.decisions![0]!,
      id: "d2",
      scopes: [
        {
          placementId: "nowhere",
          groups: [
            {
              criteria: [{ collectionId: "all", ranking: { method: "formula", formulaId: "nf" } }],
            },
          ],
        },
      ],
    });
    const issues = problems(lib);
    const messages = issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^offers\.1\.id: duplicate id "A"/),
        expect.stringMatching(
          /^offers\.\d\.representations\.0\.type: placement "top" takes text content, not image/,
        ),
        expect.stringMatching(/^decisions\.0\.fallbackOfferId: "A" is not a fallback offer/),
        expect.stringMatching(/^decisions\.1\.scopes\.0\.placementId: unknown placement "nowhere"/),
        expect.stringMatching(/ranking\.formulaId: unknown ranking formula "nf"/),
      ]),
    );
  });

  it("reports schema problems of several elements together with semantic ones", () => {
    const lib = library({ offers: [offer("A", 1)] }) as Record<string, unknown>;
    (lib["offers"] as unknown[]).push(
      { id: "bad id!", name: "" },
      { id: "X", name: "x", priority: 1.5 },
    );
    lib["surprise"] = true;
    const paths = problems(lib).map((i) => i.path.join("."));
    // offers: A, fb (from the fixture), then the two bad ones at 2 and 3.
    expect(paths).toEqual(
      expect.arrayContaining(["offers.2.id", "offers.2.name", "offers.3.priority", "surprise"]),
    );
  });

  it("the engine keeps serving the old snapshot when a new bundle is bad", async () => {
    const engine = new DecisionEngine({ library: library({ offers: [offer("A", 1)] }) });
    const bad = library({ offers: [offer("B", 1, { eligibility: { expression: "(((" } })] });
    expect(() => engine.setLibrary(bad)).toThrow(OfferkitError);
    try {
      engine.setLibrary(bad);
    } catch (e) {
      expect((e as OfferkitError).code).toBe("INVALID_LIBRARY");
    }
    const r = await engine.decide({
      profile: { id: "p" },
      scopes: [{ decisionId: "d", placementId: "top" }],
    });
    expect(r.propositions[0]!.items.map((i) => i.offerId)).toEqual(["A"]);
  });

  it("compiles in time slices beside other work, with the same result as the one-shot compile", async () => {
    const { library: bundle } = generateWorkload({ offers: 1500, profiles: 1, seed: 3 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const sliced = await compileLibraryAsync(bundle, { sliceMs: 2 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    const whole = compileLibrary(bundle);
    expect(sliced.offers.map((o) => o.id)).toEqual(whole.offers.map((o) => o.id));
    const members = (lib: typeof whole) =>
      lib.decisions
        .get("bench")!
        .scopes.get("web")!
        .groups[0]!.criteria[0]!.ordered!.members.map((o) => o.id);
    expect(members(sliced)).toEqual(members(whole));
    await expect(compileLibraryAsync({ offers: [{ id: "x" }] })).rejects.toMatchObject({
      code: "INVALID_LIBRARY",
    });
  });
});
