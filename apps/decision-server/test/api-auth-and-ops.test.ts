import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTestLibrary } from "./support/api-library.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    library: apiTestLibrary(),
    server: {
      bodyLimitBytes: 64 * 1024,
      importLimitBytes: 256 * 1024,
      corsOrigins: ["https://shop.example"],
    },
  });
});
afterAll(async () => {
  await t?.close();
});

const decide = {
  profile: { id: "p1", attributes: { age: 30 } },
  scopes: [{ decisionId: "home", placementId: "web" }],
};

describe("authentication and scopes", () => {
  it("answers 401 without a key, with another scheme, and with an unknown key", async () => {
    for (const headers of [
      {},
      { authorization: "Basic YTpi" },
      { authorization: "Bearer okk_nope_nope" },
    ]) {
      const r = await t.request("POST", "/v1/decisions", { body: decide, key: null, headers });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("UNAUTHORIZED");
      expect(r.headers.get("www-authenticate")).toContain("Bearer");
    }
  });

  it("enforces each route's scope with 403", async () => {
    const decideKey = await t.createKey(["decide"]);
    const trackKey = await t.createKey(["track"]);
    const reader = await t.createKey(["library:read"]);
    const writer = await t.createKey(["library:write"]);
    expect(
      (await t.request("POST", "/v1/decisions", { body: decide, key: decideKey })).status,
    ).toBe(200);
    expect((await t.request("POST", "/v1/decisions", { body: decide, key: trackKey })).status).toBe(
      403,
    );
    expect((await t.request("GET", "/v1/offers", { key: decideKey })).status).toBe(403);
    expect((await t.request("GET", "/v1/offers", { key: reader })).status).toBe(200);
    expect((await t.request("GET", "/v1/offers", { key: writer })).status).toBe(200); // write implies read
    expect((await t.request("POST", "/v1/offers/alpha/archive", { key: reader })).status).toBe(403);
    expect((await t.request("POST", "/v1/simulate", { body: decide, key: decideKey })).status).toBe(
      403,
    );
    expect((await t.request("GET", "/v1/keys", { key: writer })).status).toBe(403);
    expect((await t.request("GET", "/v1/events", { key: trackKey })).status).toBe(403);
    const forbidden = await t.request("POST", "/v1/events", {
      body: { events: [] },
      key: decideKey,
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.issues[0].path).toEqual(["headers", "authorization"]);
  });

  it("creates, lists and revokes keys; a revoked key is refused at once on this instance", async () => {
    const created = await t.request("POST", "/v1/keys", {
      body: { name: "ci", scopes: ["decide"] },
    });
    expect(created.status).toBe(201);
    const { key, info } = created.body;
    expect(key).toMatch(/^okk_/);
    expect((await t.request("POST", "/v1/decisions", { body: decide, key })).status).toBe(200);
    const listed = await t.request("GET", "/v1/keys");
    expect(listed.body.items.map((k: { id: string }) => k.id)).toContain(info.id);
    expect(JSON.stringify(listed.body)).not.toContain(key); // secrets are never listed
    expect((await t.request("DELETE", `/v1/keys/${info.id}`)).status).toBe(200);
    expect((await t.request("POST", "/v1/decisions", { body: decide, key })).status).toBe(401);
    expect((await t.request("DELETE", "/v1/keys/unknown")).status).toBe(404);
    const bad = await t.request("POST", "/v1/keys", { body: { name: "x", scopes: ["superuser"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(["scopes", 0]);
  });

  it("rate-limits per key with 429 and Retry-After", async () => {
    const key = await t.createKey(["decide"], { requestsPerSecond: 1, burst: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await t.request("POST", "/v1/decisions", { body: decide, key })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await t.request("POST", "/v1/decisions", { body: decide, key });
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another key is not affected.
    expect((await t.request("POST", "/v1/decisions", { body: decide })).status).toBe(200);
  });
});

describe("bad input never gets a 5xx", () => {
  it("malformed JSON, wrong content type, no body → 400 with a path", async () => {
    const malformed = await t.request("POST", "/v1/decisions", {
      rawBody: '{"profile":',
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: [] }] });
    const wrongType = await t.request("POST", "/v1/decisions", {
      rawBody: JSON.stringify(decide),
      headers: { "content-type": "text/plain" },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.issues[0].path).toEqual(["headers", "content-type"]);
    const empty = await t.request("POST", "/v1/decisions");
    expect(empty.status).toBe(400);
  });

  it("a body over the limit → 413, checked on Content-Length and while streaming", async () => {
    const big = JSON.stringify({ ...decide, context: { blob: "x".repeat(100 * 1024) } });
    const declared = await t.request("POST", "/v1/decisions", {
      rawBody: big,
      headers: { "content-type": "application/json" },
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    // Chunked: no Content-Length, the limit trips while reading.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++)
          controller.enqueue(new TextEncoder().encode("x".repeat(10 * 1024)));
        controller.close();
      },
    });
    const chunked = await fetch(`${t.url}/v1/decisions`, {
      method: "POST",
      body: stream,
      headers: { authorization: `Bearer ${t.adminKey}`, "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("library import has its own, larger limit", async () => {
    const offers = Array.from({ length: 900 }, (_, i) => ({
      id: `bulk-${i}`,
      name: `Bulk ${i}`,
      representations: [{ placementId: "web", type: "text", content: "x".repeat(100) }],
    }));
    const fits = await t.request("POST", "/v1/library/validate", {
      body: { ...apiTestLibrary(), offers: [...apiTestLibrary().offers!, ...offers.slice(0, 500)] },
    });
    expect(fits.status).toBe(200); // over the 64 KiB request limit, under the 256 KiB import limit
    const tooBig = await t.request("POST", "/v1/library/import", {
      body: { offers: [...offers, ...offers.map((o) => ({ ...o, id: `${o.id}-b` }))] },
    });
    expect(tooBig.status).toBe(413);
  });

  it("unknown routes → 404, wrong methods → 404 with Allow, bad percent-encoding → 400", async () => {
    const unknown = await t.request("GET", "/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("NOT_FOUND");
    const method = await t.request("DELETE", "/v1/decisions");
    expect(method.status).toBe(404);
    expect(method.headers.get("allow")).toBe("POST");
    const encoding = await t.request("GET", "/v1/offers/%E0%A4%A");
    expect(encoding.status).toBe(400);
    expect(encoding.body.error.issues[0].path).toEqual(["params", "id"]);
  });

  it("a malformed HTTP request gets a 400 and the server keeps serving", async () => {
    const { connect } = await import("node:net");
    const url = new URL(t.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.write("GARBAGE / HTTP/9.9\r\n\r\n"),
      );
      let data = "";
      socket.on("data", (chunk) => (data += chunk.toString()));
      socket.on("close", () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await t.request("GET", "/healthz")).status).toBe(200);
  });
});

describe("ops", () => {
  it("healthz and readyz", async () => {
    expect((await t.request("GET", "/healthz", { key: null })).body).toEqual({ status: "ok" });
    const ready = await t.request("GET", "/readyz", { key: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "ready", libraryVersion: expect.any(Number) });
  });

  it("metrics need an admin key and expose latency histograms, decisions and the library version", async () => {
    await t.request("POST", "/v1/decisions", { body: decide });
    expect((await t.request("GET", "/metrics", { key: null })).status).toBe(401);
    const r = await t.request("GET", "/metrics");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/plain");
    expect(r.text).toMatch(
      /offerkit_http_request_duration_seconds_bucket\{method="POST",route="\/v1\/decisions",status="200",le="0\.005"\} \d+/,
    );
    expect(r.text).toMatch(/offerkit_decisions_total\{outcome="items"\} [1-9]/);
    const version = (await t.request("GET", "/readyz")).body.libraryVersion;
    expect(r.text).toContain(`offerkit_library_version ${version}\n`);
  });

  it("logs one JSON line per request with route, status, duration and key id", async () => {
    await t.request("GET", "/v1/offers/alpha", { headers: { "x-request-id": "trace-me-123" } });
    const find = () =>
      t.logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.requestId === "trace-me-123");
    for (let i = 0; i < 50 && find() === undefined; i++)
      await new Promise((resolve) => setTimeout(resolve, 20)); // lines are flushed in chunks
    const line = find();
    expect(line).toMatchObject({
      level: "info",
      msg: "request",
      method: "GET",
      route: "/v1/offers/:id",
      status: 200,
      key: expect.any(String),
    });
    expect(typeof line?.ms).toBe("number");
  });

  it("answers CORS preflights for configured origins only", async () => {
    const allowed = await t.request("OPTIONS", "/v1/decisions", {
      key: null,
      headers: { origin: "https://shop.example", "access-control-request-method": "POST" },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const other = await t.request("OPTIONS", "/v1/decisions", {
      key: null,
      headers: { origin: "https://evil.example" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("serves an OpenAPI 3.1 document generated from the schemas, with resolvable references", async () => {
    const r = await t.request("GET", "/v1/openapi.json", { key: null });
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/decisions",
        "/v1/offers/{id}",
        "/v1/decision-configs/{id}/go-live",
        "/v1/library/import",
      ]),
    );
    const decideOp = doc.paths["/v1/decisions"].post;
    expect(decideOp["x-required-scope"]).toBe("decide");
    expect(Object.keys(decideOp.responses)).toEqual(
      expect.arrayContaining(["200", "400", "401", "403", "413", "429"]),
    );
    // Every $ref points at a component that exists.
    const refs = [...r.text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) expect(doc.components.schemas[ref], ref).toBeDefined();
    // The request side shows defaults as optional: status is not required on create.
    expect(doc.components.schemas.PlacementInput.required).not.toContain("itemCount");
    expect(doc.components.schemas.Placement.required).toContain("itemCount");
  });
});
