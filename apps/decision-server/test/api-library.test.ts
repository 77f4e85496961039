import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTestLibrary } from "./support/api-library.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ library: apiTestLibrary() });
});
afterAll(async () => {
  await t?.close();
});

const text = (placementId: string, content: string) => ({ placementId, type: "text", content });

/** One valid new object per resource, and an object that refers to something by id. */
const RESOURCES = [
  {
    segment: "offers",
    create: {
      id: "new-offer",
      name: "New offer",
      tags: ["promo"],
      representations: [text("web", "N")],
    },
    rename: "Renamed offer",
  },
  {
    segment: "placements",
    create: { id: "new-placement", name: "New placement", channel: "push", contentType: "json" },
    rename: "Renamed placement",
  },
  {
    segment: "collections",
    create: { id: "new-collection", name: "New collection", kind: "static", offerIds: ["alpha"] },
    rename: "Renamed collection",
  },
  {
    segment: "rules",
    create: { id: "new-rule", name: "New rule", expression: "profile.age > 60" },
    rename: "Renamed rule",
  },
  {
    segment: "ranking-formulas",
    create: { id: "new-formula", name: "New formula", expression: "offer.priority + 1" },
    rename: "Renamed formula",
  },
  {
    segment: "decision-configs",
    create: {
      id: "new-decision",
      name: "New decision",
      fallbackOfferId: "fallback",
      scopes: [{ placementId: "web", groups: [{ criteria: [{ collectionId: "promos" }] }] }],
    },
    rename: "Renamed decision",
  },
] as const;

describe.each(RESOURCES)("/v1/$segment", ({ segment, create, rename }) => {
  const base = `/v1/${segment}`;

  it("creates (201, ETag, Location, new version), gets, and refuses a duplicate id with 409", async () => {
    const before = (await t.request("GET", "/v1/library/export")).body.version;
    const created = await t.request("POST", base, { body: create });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${base}/${create.id}`);
    expect(created.headers.get("etag")).toBe(`"${created.body.etag}"`);
    expect(Number(created.headers.get("x-library-version"))).toBe(before + 1);
    const got = await t.request("GET", `${base}/${create.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: create.id, name: create.name });
    const duplicate = await t.request("POST", base, { body: create });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("CONFLICT");
  });

  it("answers 400 with the path of an invalid field and 404 for an unknown id", async () => {
    const bad = await t.request("POST", base, { body: { ...create, id: "other-id", name: 42 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: unknown[] }) => i.path)).toContainEqual(["name"]);
    const missing = await t.request("GET", `${base}/does-not-exist`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("NOT_FOUND");
  });

  it("updates with If-Match: the current etag wins, a stale one answers 412", async () => {
    const current = await t.request("GET", `${base}/${create.id}`);
    const etag = current.headers.get("etag")!;
    const { etag: _e, createdAt: _c, updatedAt: _u, ...body } = current.body;
    const updated = await t.request("PUT", `${base}/${create.id}`, {
      body: { ...body, name: rename },
      headers: { "if-match": etag },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.name).toBe(rename);
    expect(updated.headers.get("etag")).not.toBe(etag);
    const stale = await t.request("PUT", `${base}/${create.id}`, {
      body: { ...body, name: "Lost update" },
      headers: { "if-match": etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe("PRECONDITION_FAILED");
    const patched = await t.request("PATCH", `${base}/${create.id}`, {
      body: { description: "patched" },
      headers: { "if-match": updated.headers.get("etag")! },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: rename, description: "patched" });
    const stalePatch = await t.request("PATCH", `${base}/${create.id}`, {
      body: { description: "again" },
      headers: { "if-match": etag },
    });
    expect(stalePatch.status).toBe(412);
  });

  it("lists with a limit and a cursor that walks every object once", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.request(
        "GET",
        `${base}?limit=1&orderBy=id${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(create.id);
  });

  it("refuses bad list parameters with their path", async () => {
    const r = await t.request("GET", `${base}?limit=0&orderBy=colour`);
    expect(r.status).toBe(400);
    const paths = r.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["query.limit", "query.orderBy"]));
    expect((await t.request("GET", `${base}?unknown=1`)).status).toBe(400);
  });

  it("deletes (204, then 404), with a stale If-Match refused", async () => {
    const current = await t.request("GET", `${base}/${create.id}`);
    expect(
      (await t.request("DELETE", `${base}/${create.id}`, { headers: { "if-match": '"stale"' } }))
        .status,
    ).toBe(412);
    const deleted = await t.request("DELETE", `${base}/${create.id}`, {
      headers: { "if-match": current.headers.get("etag")! },
    });
    expect(deleted.status).toBe(204);
    expect((await t.request("GET", `${base}/${create.id}`)).status).toBe(404);
    expect((await t.request("DELETE", `${base}/${create.id}`)).status).toBe(404);
  });
});

describe("references and filters", () => {
  it("refuses with 409 to delete what others refer to, naming the referrers", async () => {
    for (const path of [
      "/v1/offers/fallback",
      "/v1/placements/web",
      "/v1/collections/promos",
      "/v1/rules/adults",
      "/v1/ranking-formulas/by-priority",
    ]) {
      const r = await t.request("DELETE", path);
      expect(r.status, path).toBe(409);
      expect(r.body.error.code).toBe("REFERENCED");
      expect(r.body.error.issues.length).toBeGreaterThan(0);
    }
  });

  it("refuses with 422 a write that would break the library (unknown reference)", async () => {
    const r = await t.request("POST", "/v1/decision-configs", {
      body: {
        id: "dangling",
        name: "Dangling",
        fallbackOfferId: "no-such-offer",
        scopes: [{ placementId: "web", groups: [{ criteria: [{ collectionId: "promos" }] }] }],
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("INVALID_LIBRARY");
    expect(r.body.error.issues.length).toBeGreaterThan(0);
  });

  it("filters offers by status, tag, kind and name, and orders them", async () => {
    const ids = async (query: string) =>
      (await t.request("GET", `/v1/offers?${query}`)).body.items.map((o: { id: string }) => o.id);
    expect(await ids("status=draft&kind=personalized")).toEqual(["gamma"]);
    expect(await ids("tag=limited")).toEqual(["limited"]);
    expect(await ids("kind=fallback")).toEqual(["fallback"]);
    expect(await ids("q=ALP")).toEqual(["alpha"]);
    expect(await ids("tag=promo&orderBy=priority&direction=desc")).toEqual([
      "gamma",
      "alpha",
      "beta",
    ]);
    expect((await t.request("GET", "/v1/offers?status=live")).status).toBe(400); // a decision status, not an offer status
  });
});

describe("status transitions", () => {
  it("moves offers draft → approved → draft → archived, refusing illegal moves with 409", async () => {
    await t.request("POST", "/v1/offers", {
      body: { id: "flow", name: "Flow", representations: [text("web", "x")] },
    });
    expect((await t.request("POST", "/v1/offers/flow/approve")).body.status).toBe("approved");
    expect((await t.request("POST", "/v1/offers/flow/unapprove")).body.status).toBe("draft");
    expect((await t.request("POST", "/v1/offers/flow/archive")).body.status).toBe("archived");
    const illegal = await t.request("POST", "/v1/offers/flow/approve");
    expect(illegal.status).toBe(409);
    expect((await t.request("POST", "/v1/offers/nope/approve")).status).toBe(404);
  });

  it("answers 404 for writes to unknown ids and 412 for a transition with a stale If-Match", async () => {
    const body = { id: "ghost", name: "Ghost", representations: [text("web", "g")] };
    expect((await t.request("PUT", "/v1/offers/ghost", { body })).status).toBe(404);
    expect((await t.request("PATCH", "/v1/offers/ghost", { body: { name: "x" } })).status).toBe(
      404,
    );
    expect((await t.request("POST", "/v1/offers/ghost/duplicate")).status).toBe(404);
    expect((await t.request("POST", "/v1/decision-configs/ghost/go-live")).status).toBe(404);
    const stale = await t.request("POST", "/v1/offers/alpha/archive", {
      headers: { "if-match": '"not-the-etag"' },
    });
    expect(stale.status).toBe(412);
    expect((await t.request("GET", "/v1/offers/alpha")).body.status).toBe("approved");
  });

  it("refuses a status change through PUT (transitions only) with the path", async () => {
    const current = await t.request("GET", "/v1/offers/alpha");
    const { etag: _e, createdAt: _c, updatedAt: _u, ...body } = current.body;
    const r = await t.request("PUT", "/v1/offers/alpha", { body: { ...body, status: "archived" } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toEqual(["status"]);
  });

  it("duplicates an offer as a draft and refuses a bad duplicate body", async () => {
    const copy = await t.request("POST", "/v1/offers/alpha/duplicate", {
      body: { newId: "alpha-2" },
    });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ id: "alpha-2", status: "draft" });
    const bad = await t.request("POST", "/v1/offers/alpha/duplicate", {
      body: { newId: "bad id!" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(["newId"]);
  });

  it("walks decisions through go-live, complete, archive and back to draft; a live edit is served at once", async () => {
    await t.request("POST", "/v1/decision-configs", {
      body: {
        id: "campaign",
        name: "Campaign",
        fallbackOfferId: "fallback",
        scopes: [{ placementId: "email", groups: [{ criteria: [{ collectionId: "promos" }] }] }],
      },
    });
    const decide = () =>
      t.request("POST", "/v1/decisions", {
        body: { profile: { id: "c1" }, scopes: [{ decisionId: "campaign", placementId: "email" }] },
      });
    expect((await decide()).status).toBe(422);
    expect((await t.request("POST", "/v1/decision-configs/campaign/go-live")).body.status).toBe(
      "live",
    );
    expect((await decide()).status).toBe(200); // the write answered after this instance swapped in the new version
    expect((await t.request("POST", "/v1/decision-configs/campaign/complete")).body.status).toBe(
      "complete",
    );
    expect((await t.request("POST", "/v1/decision-configs/campaign/complete")).status).toBe(409);
    expect((await t.request("POST", "/v1/decision-configs/campaign/archive")).body.status).toBe(
      "archived",
    );
    expect((await t.request("POST", "/v1/decision-configs/campaign/draft")).body.status).toBe(
      "draft",
    );
  });
});

describe("/v1/library", () => {
  it("exports a bundle that validates, and import is atomic", async () => {
    const exported = await t.request("GET", "/v1/library/export");
    expect(exported.status).toBe(200);
    expect(exported.body.offers.length).toBeGreaterThan(3);
    const valid = await t.request("POST", "/v1/library/validate", { body: exported.body });
    expect(valid.status).toBe(200);
    expect(valid.body.ok).toBe(true);

    const broken = structuredClone(exported.body);
    broken.offers.push({ id: "brand-new", name: "Brand new", representations: [text("web", "x")] });
    broken.decisions[0].fallbackOfferId = "missing";
    const invalid = await t.request("POST", "/v1/library/validate", { body: broken });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.issues.map((i: { path: unknown[] }) => i.path[0])).toContain(
      "decisions",
    );
    const failedImport = await t.request("POST", "/v1/library/import?mode=merge", { body: broken });
    expect(failedImport.status).toBe(422);
    expect((await t.request("GET", "/v1/offers/brand-new")).status).toBe(404); // nothing of the bundle was written
    expect((await t.request("GET", "/v1/library/export")).body.version).toBe(exported.body.version);

    const merged = await t.request("POST", "/v1/library/import", {
      body: {
        offers: [
          {
            id: "imported",
            name: "Imported",
            status: "approved",
            tags: ["promo"],
            representations: [text("web", "I")],
          },
        ],
      },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.version).toBe(exported.body.version + 1);
    expect((await t.request("GET", "/v1/offers/imported")).status).toBe(200);
    expect((await t.request("GET", "/v1/offers/alpha")).status).toBe(200); // merge kept the rest

    expect(
      (await t.request("POST", "/v1/library/import?mode=overwrite", { body: {} })).status,
    ).toBe(400);
    const wrongShape = await t.request("POST", "/v1/library/validate", {
      body: { offers: "many" },
    });
    expect(wrongShape.status).toBe(422);
    expect(wrongShape.body.error.issues[0].path).toEqual(["offers"]);
  });

  it("replace makes the library exactly the bundle", async () => {
    const r = await t.request("POST", "/v1/library/import?mode=replace", {
      body: apiTestLibrary(),
    });
    expect(r.status).toBe(200);
    expect((await t.request("GET", "/v1/offers/imported")).status).toBe(404);
    expect(r.body.counts.offers).toBe(apiTestLibrary().offers!.length);
  });
});
