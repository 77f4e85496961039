// @vitest-environment node
import { afterEach, describe, expect, it } from "vitest";
import { createServer } from "node:net";
import { sendJson, startScriptedServer } from "../../test/scripted-server.js";
import { rankedProposition, responseOf } from "../../test/propositions.js";
import { OfferkitClientError } from "../errors/offerkit-client-error.js";
import { createOfferkitClient } from "./offerkit-client.js";

const scope = { decisionId: "home", placementId: "web-hero" };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function server(script: Parameters<typeof startScriptedServer>[0]) {
  const s = await startScriptedServer(script);
  closers.push(() => s.close());
  return s;
}

async function rejection(promise: Promise<unknown>): Promise<OfferkitClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OfferkitClientError);
  return error as OfferkitClientError;
}

describe("createOfferkitClient", () => {
  it("posts a decision request as JSON with the bearer key and returns the response", async () => {
    const body = responseOf([rankedProposition("p1", "home", "web-hero", ["o1"])]);
    const s = await server((_req, res) => sendJson(res, 200, body));
    const client = createOfferkitClient({ baseUrl: `${s.url}/`, apiKey: "k1" });
    const response = await client.decide({ profile: { id: "u1" }, scopes: [scope] });
    expect(response).toEqual(body);
    expect(s.requests[0]!.url).toBe("/v1/decisions");
    expect(s.requests[0]!.headers.authorization).toBe("Bearer k1");
    expect(s.requests[0]!.headers["content-type"]).toMatch(/application\/json/);
    expect(JSON.parse(s.requests[0]!.body)).toEqual({ profile: { id: "u1" }, scopes: [scope] });
  });

  it("maps a wire error to OfferkitClientError with code, status and issues", async () => {
    const s = await server((_req, res) =>
      sendJson(res, 400, {
        error: {
          code: "VALIDATION_FAILED",
          message: "scopes: too small",
          issues: [{ path: ["scopes"], message: "too small" }],
        },
      }),
    );
    const error = await rejection(
      createOfferkitClient({ baseUrl: s.url }).decide({ profile: { id: "u1" }, scopes: [] }),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.status).toBe(400);
    expect(error.message).toBe("scopes: too small");
    expect(error.issues).toEqual([{ path: ["scopes"], message: "too small" }]);
  });

  it("classifies a non-offerkit error body by its status", async () => {
    const s = await server((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<h1>Bad gateway</h1>");
    });
    const error = await rejection(
      createOfferkitClient({ baseUrl: s.url }).decide({ profile: { id: "u1" }, scopes: [scope] }),
    );
    expect(error.code).toBe("UNAVAILABLE");
    expect(error.status).toBe(502);
  });

  it("never retries decide after a 500, because caps may already be reserved", async () => {
    const s = await server((_req, res) =>
      sendJson(res, 500, { error: { code: "INTERNAL", message: "boom" } }),
    );
    const error = await rejection(
      createOfferkitClient({ baseUrl: s.url }).decide({ profile: { id: "u1" }, scopes: [scope] }),
    );
    expect(error.code).toBe("INTERNAL");
    expect(s.requests).toHaveLength(1);
  });

  it("retries decide once after a 503 that says the request was not processed", async () => {
    const body = responseOf([rankedProposition("p1", "home", "web-hero", ["o1"])]);
    const s = await server((_req, res, hit) => {
      if (hit === 1) {
        res.writeHead(503, { "retry-after": "0", "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "UNAVAILABLE", message: "starting" } }));
      } else sendJson(res, 200, body);
    });
    const response = await createOfferkitClient({ baseUrl: s.url }).decide({
      profile: { id: "u1" },
      scopes: [scope],
    });
    expect(response.propositions[0]!.id).toBe("p1");
    expect(s.requests).toHaveLength(2);
  });

  it("retries track after a 500 (events are idempotent by id) and returns the server's counts", async () => {
    const s = await server((_req, res, hit) => {
      if (hit === 1) sendJson(res, 500, { error: { code: "INTERNAL", message: "flaky" } });
      else sendJson(res, 202, { accepted: 1, duplicates: 0 });
    });
    const event = {
      id: "e1",
      type: "display" as const,
      timestamp: "2026-01-01T00:00:00Z",
      profileId: "u1",
      propositionId: "p1",
      decisionId: "home",
      placementId: "web-hero",
      offerId: "o1",
    };
    const result = await createOfferkitClient({ baseUrl: s.url }).track([event]);
    expect(result).toEqual({ accepted: 1, duplicates: 0 });
    expect(s.requests).toHaveLength(2);
    expect(s.requests[0]!.body).toBe(s.requests[1]!.body);
    expect(JSON.parse(s.requests[1]!.body)).toEqual({ events: [event] });
  });

  it("turns a slow server into TIMEOUT within the configured time", async () => {
    const s = await server(() => undefined);
    const started = Date.now();
    const error = await rejection(
      createOfferkitClient({ baseUrl: s.url, timeoutMs: 150 }).decide({
        profile: { id: "u1" },
        scopes: [scope],
      }),
    );
    expect(error.code).toBe("TIMEOUT");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("turns a refused connection into UNAVAILABLE without retrying decide", async () => {
    const port = await freePort();
    const error = await rejection(
      createOfferkitClient({ baseUrl: `http://127.0.0.1:${port}` }).decide({
        profile: { id: "u1" },
        scopes: [scope],
      }),
    );
    expect(error.code).toBe("UNAVAILABLE");
    expect(error.status).toBeUndefined();
  });

  it("simulate always asks for a dry run with a trace", async () => {
    const s = await server((_req, res) => sendJson(res, 200, responseOf([])));
    await createOfferkitClient({ baseUrl: s.url }).simulate({
      profile: { id: "u1" },
      scopes: [scope],
      options: { dryRun: false },
    });
    expect(s.requests[0]!.url).toBe("/v1/simulate");
    expect(JSON.parse(s.requests[0]!.body).options).toEqual({ dryRun: true, explain: true });
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
