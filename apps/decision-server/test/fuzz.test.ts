/**
 * Fuzz: ≥ 5,000 malformed or mutated bodies across the routes. Every answer must be a 4xx whose error
 * names at least one path; never a 5xx; the server stays up. Mutations are seeded (FUZZ_SEED) and
 * checked against core's schemas first, so only bodies that are really invalid are counted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Collection,
  DecisionRequest,
  EventBatch,
  LibraryBundle,
  Offer,
  Placement,
  RankingFormula,
  Rule,
  Decision,
  seededRandom,
} from "@offerkit/core";
import { apiTestLibrary } from "./support/api-library.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const TARGET = Number(process.env.FUZZ_COUNT ?? 5200);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ library: apiTestLibrary() });
});
afterAll(async () => {
  await t?.close();
});

const now = new Date().toISOString();
const text = (placementId: string, content: string) => ({ placementId, type: "text", content });

interface FuzzTarget {
  method: string;
  path: string;
  seed: unknown;
  /** The route accepts a request without a body. */
  optionalBody?: boolean;
  /** True when the body would be accepted by validation (such mutations are not counted). */
  valid(body: unknown): boolean;
}

const ok = (schema: z.ZodType) => (body: unknown) => schema.safeParse(body).success;
const CreateKey = z
  .object({
    name: z.string().min(1).max(200),
    scopes: z.array(z.enum(["decide", "track", "library:read", "library:write", "admin"])).min(1),
  })
  .strict();

const TARGETS: FuzzTarget[] = [
  {
    method: "POST",
    path: "/v1/decisions",
    seed: {
      profile: { id: "f1", attributes: { age: 31, tier: "gold" } },
      context: { channel: "web" },
      scopes: [{ decisionId: "home", placementId: "web", itemCount: 2 }],
      options: { dryRun: true },
    },
    valid: ok(DecisionRequest),
  },
  {
    method: "POST",
    path: "/v1/simulate",
    seed: { profile: { id: "f2" }, scopes: [{ decisionId: "home", placementId: "email" }] },
    valid: ok(DecisionRequest),
  },
  {
    method: "POST",
    path: "/v1/events",
    seed: {
      events: [
        {
          id: "e1",
          type: "display",
          offerId: "alpha",
          timestamp: now,
          profileId: "f1",
          propositionId: "p",
          decisionId: "home",
          placementId: "web",
        },
      ],
    },
    valid: ok(EventBatch),
  },
  {
    method: "POST",
    path: "/v1/offers",
    seed: {
      id: "fz-offer",
      name: "Fuzz",
      priority: 5,
      tags: ["promo"],
      representations: [text("web", "x")],
      caps: [
        {
          id: "c",
          event: "decision",
          scope: "profile",
          limit: 2,
          window: { type: "calendar", unit: "day" },
        },
      ],
    },
    valid: ok(Offer),
  },
  {
    method: "PUT",
    path: "/v1/offers/alpha",
    seed: {
      id: "alpha",
      name: "Alpha",
      status: "approved",
      priority: 30,
      tags: ["promo"],
      representations: [text("web", "A"), text("email", "A")],
    },
    // The id may be left out of the body: the URL names the object.
    valid: (body) =>
      ok(Offer)(
        body !== null && typeof body === "object" && !Array.isArray(body) && !("id" in body)
          ? { ...body, id: "alpha" }
          : body,
      ),
  },
  {
    method: "POST",
    path: "/v1/placements",
    seed: { id: "fz-pl", name: "P", channel: "push", contentType: "json", itemCount: 2 },
    valid: ok(Placement),
  },
  {
    method: "POST",
    path: "/v1/collections",
    seed: {
      id: "fz-col",
      name: "C",
      kind: "dynamic",
      tagsAny: ["promo"],
      conditions: [{ attribute: "x", op: "gt", value: 3 }],
    },
    valid: ok(Collection),
  },
  {
    method: "POST",
    path: "/v1/rules",
    seed: { id: "fz-rule", name: "R", expression: "profile.age > 3" },
    valid: ok(Rule),
  },
  {
    method: "POST",
    path: "/v1/ranking-formulas",
    seed: { id: "fz-f", name: "F", expression: "offer.priority * 2" },
    valid: ok(RankingFormula),
  },
  {
    method: "POST",
    path: "/v1/decision-configs",
    seed: {
      id: "fz-d",
      name: "D",
      fallbackOfferId: "fallback",
      scopes: [
        {
          placementId: "web",
          groups: [{ criteria: [{ collectionId: "promos", ranking: { method: "priority" } }] }],
        },
      ],
    },
    valid: ok(Decision),
  },
  {
    method: "POST",
    path: "/v1/library/import?mode=merge",
    seed: {
      offers: [{ id: "fz-imp", name: "Imp", representations: [text("web", "i")] }],
      rules: [{ id: "fz-r2", name: "R2", expression: "true" }],
    },
    valid: ok(LibraryBundle),
  },
  {
    method: "POST",
    path: "/v1/library/validate",
    seed: apiTestLibrary(),
    valid: ok(LibraryBundle),
  },
  {
    method: "POST",
    path: "/v1/keys",
    seed: { name: "k", scopes: ["decide"] },
    valid: ok(CreateKey),
  },
  {
    method: "POST",
    path: "/v1/offers/alpha/duplicate",
    optionalBody: true,
    seed: { newId: "alpha-fz", name: "Copy" },
    valid: ok(
      z
        .object({
          newId: z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/)
            .optional(),
          name: z.string().min(1).max(200).optional(),
        })
        .strict(),
    ),
  },
];

// ------------------------------------------------------------------------------------------------
// Mutations

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const random = seededRandom(SEED);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;

const ODD_VALUES: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  "",
  " ",
  "x".repeat(5000),
  "\u202e\u0301",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "2026-13-45T99:99:99Z",
  "NaN",
  [],
  [[]],
  {},
  { a: { b: { c: {} } } },
  ["x", 1, null],
  "ü🙂",
  "constructor",
  "__proto__",
];

/** Every [path, container] inside a JSON value (the root has path []). */
function paths(
  value: Json,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function setAt(
  root: Json,
  path: (string | number)[],
  update: (old: Json, parent: Json, key: string | number) => Json | undefined,
): Json {
  if (path.length === 0) return update(root, null, "") ?? null;
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const key = path[path.length - 1]!;
  const next = update(parent[key]!, parent as Json, key);
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    parent[key] = next;
  }
  return copy;
}

const STRUCTURAL: ((seed: Json) => Json)[] = [
  (s) => setAt(s, pick(paths(s)), () => pick(ODD_VALUES)),
  (s) =>
    setAt(
      s,
      pick(
        paths(s)
          .filter((p) => p.length > 0)
          .concat([[]]),
      ),
      () => undefined,
    ),
  (s) =>
    setAt(s, pick(paths(s)), (old) =>
      old !== null && typeof old === "object" && !Array.isArray(old)
        ? { ...old, [`unknown${int(9)}`]: pick(ODD_VALUES) }
        : [old],
    ),
  (s) =>
    setAt(s, pick(paths(s)), (old) =>
      Array.isArray(old)
        ? Array.from({ length: 40 + int(1100) }, () => old[0] ?? null)
        : typeof old === "string"
          ? old.repeat(300)
          : -Math.abs(Number(old) || 1) * 1e6,
    ),
  (s) =>
    setAt(s, pick(paths(s)), (old) =>
      typeof old === "number"
        ? pick([old + 0.5, -old - 1, Infinity, 1e21])
        : typeof old === "string"
          ? Number(old.length)
          : JSON.stringify(old),
    ),
  () => pick<Json>([[], "body", 42, null, true, [{}]]),
];

function textual(body: string): string {
  switch (int(9)) {
    case 0:
      return body.slice(0, int(body.length)); // truncated
    case 1: {
      const i = int(body.length);
      return (
        body.slice(0, i) +
        pick(["{", "}", "[", "]", '"', ",", ":", "\\", "\u0000", "\ud800", "NaN", "undefined"]) +
        body.slice(i)
      );
    }
    case 2:
      return `${body},`;
    case 3:
      return `\ufeff${body}`.replace(/"/g, () => (random() < 0.05 ? "'" : '"'));
    case 4:
      return "[".repeat(200 + int(5000)) + "]".repeat(200);
    case 5:
      return body.replace(/:/, ":::");
    case 6:
      return `{"__proto__": {"polluted": true}, "x": ${body}}`;
    case 7:
      return body.replace(/"([a-z])/, '"\\u0000$1');
    default:
      return `${body}${body}`;
  }
}

interface FuzzCase {
  target: FuzzTarget;
  raw: string;
  contentType: string;
}

/**
 * The oracle judges the bytes that are sent, as the server reads them: a UTF-8 BOM is ignored (as
 * RFC 8259 allows), JSON.stringify has turned Infinity into null, and an empty body is "no body".
 */
function acceptable(target: FuzzTarget, raw: string): boolean {
  const text = raw.startsWith("\ufeff") ? raw.slice(1) : raw;
  if (text === "") return target.optionalBody === true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  return target.valid(parsed);
}

function nextCase(): FuzzCase | undefined {
  const target = pick(TARGETS);
  const seed = target.seed as Json;
  const roll = random();
  if (roll < 0.05)
    return {
      target,
      raw: JSON.stringify(seed),
      contentType: pick([
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
      ]),
    };
  let raw: string;
  if (roll < 0.4) {
    raw = textual(JSON.stringify(seed));
  } else {
    let mutated = seed;
    for (let i = 0, n = 1 + int(3); i < n; i++) mutated = pick(STRUCTURAL)(mutated);
    raw = JSON.stringify(mutated) ?? "";
  }
  return acceptable(target, raw) ? undefined : { target, raw, contentType: "application/json" }; // still acceptable: not malformed
}

describe("fuzz", () => {
  it(`answers ${TARGET} malformed bodies with 4xx errors that name a path, and stays up`, async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < TARGET) {
        const fuzz = nextCase();
        if (fuzz === undefined) continue;
        sent++;
        const r = await t.request(fuzz.target.method, fuzz.target.path, {
          rawBody: fuzz.raw,
          headers: { "content-type": fuzz.contentType },
        });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        const issues = r.body?.error?.issues as { path: unknown }[] | undefined;
        const located =
          Array.isArray(issues) && issues.length > 0 && issues.every((i) => Array.isArray(i.path));
        if (r.status < 400 || r.status >= 500 || !located) {
          if (failures.length < 20)
            failures.push(
              `${fuzz.target.method} ${fuzz.target.path} → ${r.status} ${r.text.slice(0, 300)}\n  body: ${fuzz.raw.slice(0, 300)}`,
            );
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    console.log(
      `fuzz seed ${SEED}: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures, failures.join("\n")).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(5000);
    expect((await t.request("GET", "/healthz")).status).toBe(200);
    expect(t.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  }, 300_000);
});
