import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTestLibrary } from "./support/api-library.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

let t: TestServer;
let readerKey: string;
let decideKey: string;
beforeAll(async () => {
  t = await startTestServer({ library: apiTestLibrary() });
  readerKey = await t.createKey(["library:read"]);
  decideKey = await t.createKey(["decide"]);
});
afterAll(async () => {
  await t?.close();
});

const profile = { id: "p-1", attributes: { age: 40, ltv: 1200 } };

describe("POST /v1/expressions/evaluate", () => {
  const path = "/v1/expressions/evaluate";

  it("evaluates a rule for a library:read key and names the failing clause of a false rule", async () => {
    const ok = await t.request("POST", path, {
      key: readerKey,
      body: {
        expression: 'profile.age >= 18 && context.channel == "web"',
        kind: "rule",
        profile,
        context: { channel: "web" },
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ value: true });
    const no = await t.request("POST", path, {
      key: readerKey,
      body: { expression: "profile.age >= 18 && profile.ltv > 5000", kind: "rule", profile },
    });
    expect(no.body).toEqual({ value: false, failingClause: "profile.ltv > 5000" });
  });

  it("evaluates a formula with an offer of the current library bound to offer", async () => {
    const res = await t.request("POST", path, {
      body: {
        expression: "offer.priority * 2 + (profile.ltv > 1000 ? 5 : 0)",
        kind: "formula",
        profile,
        offerId: "alpha",
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ value: 65 });
  });

  it("answers 422 with the position of a parse error and of a type error", async () => {
    const parse = await t.request("POST", path, {
      body: { expression: "profile.age >=", kind: "rule", profile },
    });
    expect(parse.status).toBe(422);
    expect(parse.body.error.code).toBe("INVALID_EXPRESSION");
    expect(parse.body.error.issues[0]).toMatchObject({ path: ["expression"], span: { start: 14 } });
    const type = await t.request("POST", path, {
      body: { expression: "profile.age >= 18 && 1 + 'a' == 2", kind: "rule", profile },
    });
    expect(type.status).toBe(422);
    const span = type.body.error.issues[0].span as { start: number; end: number };
    expect(span.start).toBeGreaterThan(0);
    expect(span.end).toBeLessThanOrEqual("profile.age >= 18 && 1 + 'a' == 2".length);
  });

  it("answers 422 when the expression fails on the sample data, 404 for an unknown offer", async () => {
    const failing = await t.request("POST", path, {
      body: { expression: "profile.missing > 1", kind: "rule", profile },
    });
    expect(failing.status).toBe(422);
    expect(failing.body.error.issues[0].message).toMatch(/^evaluation failed: /);
    const unknown = await t.request("POST", path, {
      body: { expression: "offer.priority", kind: "formula", profile, offerId: "no-such-offer" },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.issues[0].path).toEqual(["offerId"]);
  });

  it("answers 400 naming the bad fields, and for malformed JSON", async () => {
    const bad = await t.request("POST", path, {
      body: { expression: "", kind: "maybe", profile: { attributes: [] }, extra: 1 },
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.issues as { path: unknown[] }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining([["expression"], ["kind"], ["profile", "id"]]));
    const malformed = await t.request("POST", path, {
      rawBody: "{",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
  });

  it("answers 401 without a key and 403 for a key without library:read", async () => {
    const body = { expression: "true", kind: "rule", profile };
    expect((await t.request("POST", path, { key: null, body })).status).toBe(401);
    const forbidden = await t.request("POST", path, { key: decideKey, body });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe("FORBIDDEN");
  });
});

describe("POST /v1/collection-preview", () => {
  const path = "/v1/collection-preview";

  it("previews a dynamic definition against the current library, a new offer included", async () => {
    const before = await t.request("POST", path, {
      key: readerKey,
      body: { kind: "dynamic", tagsAny: ["promo"] },
    });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      count: 3,
      approvedCount: 2,
      unknownOfferIds: [],
      emptyFilter: false,
    });
    expect(before.body.offers.map((o: { id: string }) => o.id)).toEqual(["alpha", "beta", "gamma"]);

    const created = await t.request("POST", "/v1/offers", {
      body: {
        id: "delta",
        name: "Delta",
        tags: ["promo"],
        representations: [{ placementId: "web", type: "text", content: "D" }],
      },
    });
    expect(created.status).toBe(201);
    const after = await t.request("POST", path, {
      body: { id: "unsaved", name: "Unsaved", kind: "dynamic", tagsAll: ["promo"], conditions: [] },
    });
    expect(after.body.count).toBe(4);
    expect(after.body.offers).toContainEqual({ id: "delta", name: "Delta", status: "draft" });
  });

  it("previews a static list and reports ids that are not offers", async () => {
    const res = await t.request("POST", path, {
      body: { kind: "static", offerIds: ["limited", "ghost", "fallback"] },
    });
    expect(res.status).toBe(200);
    expect(res.body.offers).toEqual([{ id: "limited", name: "Limited", status: "approved" }]);
    expect(res.body.unknownOfferIds).toEqual(["ghost", "fallback"]);
  });

  it("answers 400 naming the bad condition, an unknown kind and an unknown field", async () => {
    const condition = await t.request("POST", path, {
      body: { kind: "dynamic", conditions: [{ attribute: "margin", op: "in", value: 3 }] },
    });
    expect(condition.status).toBe(400);
    expect(condition.body.error.issues[0].path).toEqual(["conditions", 0, "value"]);
    expect((await t.request("POST", path, { body: { kind: "smart" } })).status).toBe(400);
    const extra = await t.request("POST", path, {
      body: { kind: "static", offerIds: [], tagsAny: ["x"] },
    });
    expect(extra.status).toBe(400);
    expect((await t.request("POST", path, {})).status).toBe(400);
  });

  it("answers 401 without a key, 403 without library:read, and names POST as allowed for GET", async () => {
    expect((await t.request("POST", path, { key: null, body: { kind: "dynamic" } })).status).toBe(
      401,
    );
    expect(
      (await t.request("POST", path, { key: decideKey, body: { kind: "dynamic" } })).status,
    ).toBe(403);
    const get = await t.request("GET", path);
    expect(get.status).toBe(404);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("is described in the OpenAPI document with both routes", async () => {
    const doc = await t.request("GET", "/v1/openapi.json", { key: null });
    expect(doc.body.paths["/v1/collection-preview"].post.operationId).toBe("previewCollection");
    expect(doc.body.paths["/v1/expressions/evaluate"].post.operationId).toBe("evaluateExpression");
  });
});
