import { afterEach, beforeEach, describe, expect, it } from "vitest";
import express from "express";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DecisionEngine, type OfferEvent } from "@offerkit/core";
import { retailDemoLibrary, retailDemoProfiles } from "@offerkit/core/demo";
import { createOfferkitClient } from "@offerkit/client";
import { listen } from "../../test/listen.js";
import type { DecisionBackend } from "../handler/decision-backend.js";
import { anonymousIdentity } from "./anonymous-id.js";
import { decisioningRouter, offerkit } from "./offerkit.js";
import type { OfferkitOptions } from "./offerkit-options.js";

const heroAndSidebar = [
  { decisionId: "homepage", placementId: "web-hero" },
  { decisionId: "homepage", placementId: "web-sidebar" },
];

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

let events: OfferEvent[];
let engine: DecisionEngine;
let logged: unknown[];
beforeEach(() => {
  events = [];
  logged = [];
  engine = new DecisionEngine({
    library: retailDemoLibrary,
    eventSink: { emit: (e) => void events.push(...e) },
  });
});

/** A shop with one page deciding hero + sidebar, plus the router under /offerkit. */
type ShopOverrides = Partial<Pick<OfferkitOptions, "identify" | "context" | "decideTimeoutMs">> & {
  engine?: DecisionBackend;
  client?: DecisionBackend;
};

async function shop({ engine: backend = engine, client, ...overrides }: ShopOverrides = {}) {
  const options: OfferkitOptions = {
    ...(client ? { client } : { engine: backend }),
    identify: anonymousIdentity(),
    context: () => ({ channel: "web" }),
    onError: (e: unknown) => logged.push(e),
    ...overrides,
  };
  const app = express();
  app.use(offerkit(options));
  app.use("/offerkit", decisioningRouter(options));
  app.get("/", async (req, res) => {
    await req.offers.decide(heroAndSidebar);
    res.json(res.locals.offerkit);
  });
  const server = await listen(app);
  closers.push(() => server.close());
  return server.url;
}

const cookieOf = (response: Response) => response.headers.get("set-cookie")?.split(";")[0];

describe("offerkit() middleware", () => {
  it("decides for an anonymous visitor, keeps the id in a cookie and puts the payload on res.locals", async () => {
    const url = await shop();
    const first = await fetch(url);
    const cookie = cookieOf(first)!;
    expect(first.headers.get("set-cookie")).toMatch(
      /offerkit_aid=[0-9a-f-]{36}; Max-Age=31536000; Path=\/; Expires=.*; HttpOnly; SameSite=Lax/,
    );
    const payload = (await first.json()) as {
      profileId: string;
      propositions: { placementId: string; items: unknown[] }[];
      errors: unknown[];
    };
    expect(cookie).toBe(`offerkit_aid=${payload.profileId}`);
    expect(payload.propositions.map((p) => p.placementId)).toEqual(["web-hero", "web-sidebar"]);
    expect(payload.errors).toEqual([]);
    expect(events.filter((e) => e.type === "decision").map((e) => e.profileId)).toEqual([
      payload.profileId,
      payload.profileId,
    ]);

    const second = await fetch(url, { headers: { cookie } });
    expect(second.headers.get("set-cookie")).toBeNull();
    expect(((await second.json()) as { profileId: string }).profileId).toBe(payload.profileId);
  });

  it("ignores a cookie that is not an id it could have issued", async () => {
    const url = await shop();
    const response = await fetch(url, { headers: { cookie: "offerkit_aid=cust-chloe" } });
    const { profileId } = (await response.json()) as { profileId: string };
    expect(profileId).not.toBe("cust-chloe");
    expect(cookieOf(response)).toBe(`offerkit_aid=${profileId}`);
  });

  it("decides for the profile identify() returns, with its attributes and the request context", async () => {
    const chloe = retailDemoProfiles.find((p) => p.id === "cust-chloe")!;
    const url = await shop({
      identify: () => chloe,
      context: () => ({ channel: "web", month: 11 }),
    });
    const payload = (await (await fetch(url)).json()) as {
      profileId: string;
      propositions: { items: { offerId: string }[] }[];
    };
    expect(payload.profileId).toBe("cust-chloe");
    // Chloe is platinum with a high LTV: the loyalty group answers first.
    expect(payload.propositions[0]!.items[0]!.offerId).toBe("platinum-concierge");
  });

  it("degrades to per-scope errors (fallbacks) and logs when the engine fails; the page is still 200", async () => {
    const failing: DecisionBackend = {
      decide: () => Promise.reject(new Error("database down")),
      track: (e) => engine.track(e),
    };
    const url = await shop({ engine: failing });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const payload = (await response.json()) as {
      propositions: unknown[];
      errors: { code: string; placementId: string }[];
    };
    expect(payload.propositions).toEqual([]);
    expect(payload.errors.map((e) => [e.placementId, e.code])).toEqual([
      ["web-hero", "UNAVAILABLE"],
      ["web-sidebar", "UNAVAILABLE"],
    ]);
    expect(logged).toHaveLength(1);
    expect((logged[0] as Error).message).toBe("database down");
  });

  it("gives up on a slow engine after decideTimeoutMs", async () => {
    const slow: DecisionBackend = {
      decide: () => new Promise(() => undefined),
      track: (e) => engine.track(e),
    };
    const url = await shop({ engine: slow, decideTimeoutMs: 150 });
    const started = Date.now();
    const payload = (await (await fetch(url)).json()) as { errors: { code: string }[] };
    expect(Date.now() - started).toBeLessThan(1000);
    expect(payload.errors.map((e) => e.code)).toEqual(["TIMEOUT", "TIMEOUT"]);
  });

  it("degrades when identify() throws", async () => {
    const url = await shop({
      identify: () => {
        throw new Error("session store down");
      },
    });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors: unknown[] }).errors).toHaveLength(2);
    expect(logged).toHaveLength(1);
  });

  it("reports an unknown decision as that scope's error and still decides the others", async () => {
    const app = express();
    app.use(offerkit({ engine, identify: anonymousIdentity() }));
    app.get("/", async (req, res) => {
      await req.offers.decide([{ decisionId: "homepage", placementId: "web-hero" }]);
      await req.offers.decide([{ decisionId: "no-such-decision", placementId: "web-hero" }]);
      res.json(res.locals.offerkit);
    });
    const server = await listen(app);
    closers.push(() => server.close());
    const payload = (await (await fetch(server.url)).json()) as {
      propositions: { placementId: string }[];
      errors: { code: string }[];
    };
    expect(payload.propositions.map((p) => p.placementId)).toEqual(["web-hero"]);
    expect(payload.errors.map((e) => e.code)).toEqual(["DECISION_NOT_FOUND"]);
  });

  it("works the same with a remote decision server through @offerkit/client", async () => {
    const server = await listen(miniDecisionServer(engine));
    closers.push(() => server.close());
    const url = await shop({
      client: createOfferkitClient({ baseUrl: server.url, apiKey: "secret" }),
    });
    const payload = (await (await fetch(url)).json()) as {
      propositions: { placementId: string }[];
    };
    expect(payload.propositions.map((p) => p.placementId)).toEqual(["web-hero", "web-sidebar"]);

    await server.close();
    const down = await fetch(url);
    expect(down.status).toBe(200);
    expect(
      ((await down.json()) as { errors: { code: string }[] }).errors.map((e) => e.code),
    ).toEqual(["UNAVAILABLE", "UNAVAILABLE"]);
  });
});

describe("decisioningRouter()", () => {
  async function post(
    url: string,
    path: string,
    body: string,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${url}/offerkit/v1/${path}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...headers },
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      cookie: cookieOf(response),
    };
  }

  it("decides for the visitor the app identifies, never the profile the browser claims", async () => {
    const url = await shop();
    const answer = await post(
      url,
      "decisions",
      JSON.stringify({
        profile: { id: "cust-chloe" },
        scopes: heroAndSidebar,
        options: { dryRun: true, explain: true },
      }),
    );
    expect(answer.status).toBe(200);
    expect((answer.body.propositions as unknown[]).length).toBe(2);
    expect(answer.body.trace).toBeUndefined();
    const decided = events.filter((e) => e.type === "decision");
    expect(decided).toHaveLength(2);
    expect(decided[0]!.profileId).toBe(answer.cookie!.split("=")[1]);
  });

  it("stamps browser events with the visitor's id, accepts sendBeacon's text/plain and counts duplicates once", async () => {
    const url = await shop();
    const decision = await post(url, "decisions", JSON.stringify({ scopes: [heroAndSidebar[0]] }));
    const cookie = decision.cookie!;
    const proposition = (
      decision.body.propositions as { id: string; items: { offerId: string }[] }[]
    )[0]!;
    const display = {
      id: "5b0e3c1e-8d4f-4a57-9a51-6d2f0c3b7e01",
      type: "display",
      timestamp: new Date().toISOString(),
      profileId: "someone-else",
      propositionId: proposition.id,
      decisionId: "homepage",
      placementId: "web-hero",
      offerId: proposition.items[0]!.offerId,
    };
    const first = await post(url, "events", JSON.stringify({ events: [display] }), {
      cookie,
      "content-type": "text/plain;charset=UTF-8",
    });
    expect(first).toMatchObject({ status: 200, body: { accepted: 1, duplicates: 0 } });
    const again = await post(url, "events", JSON.stringify({ events: [display] }), { cookie });
    expect(again.body).toEqual({ accepted: 0, duplicates: 1 });
    const displays = events.filter((e) => e.type === "display");
    expect(displays.map((e) => e.profileId)).toEqual([cookie.split("=")[1]]);
  });

  it("answers bad input with offerkit's JSON errors, never an HTML page", async () => {
    const url = await shop();
    const invalid = await post(
      url,
      "decisions",
      JSON.stringify({ scopes: [{ decisionId: "homepage" }] }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      error: { code: "VALIDATION_FAILED", issues: [{ path: ["scopes", 0, "placementId"] }] },
    });
    expect(await post(url, "decisions", "{not json")).toMatchObject({
      status: 400,
      body: { error: { code: "BAD_REQUEST" } },
    });
    expect(await post(url, "events", JSON.stringify({ events: "nope" }))).toMatchObject({
      status: 400,
      body: { error: { code: "VALIDATION_FAILED" } },
    });
    expect(
      await post(url, "events", JSON.stringify({ events: [], pad: "x".repeat(70_000) })),
    ).toMatchObject({ status: 413, body: { error: { code: "PAYLOAD_TOO_LARGE" } } });
    expect(
      await post(
        url,
        "events",
        JSON.stringify({ events: Array.from({ length: 101 }, () => ({})) }),
      ),
    ).toMatchObject({
      status: 413,
      body: { error: { code: "PAYLOAD_TOO_LARGE" } },
    });
  });

  it("refuses cross-site browser requests", async () => {
    const url = await shop();
    const answer = await post(url, "decisions", JSON.stringify({ scopes: heroAndSidebar }), {
      "sec-fetch-site": "cross-site",
    });
    expect(answer).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    expect(events).toEqual([]);
  });

  it("answers 503 with a generic message when the engine fails, and logs the cause", async () => {
    const url = await shop({
      engine: {
        decide: () => Promise.reject(new Error("secret connection string")),
        track: (e) => engine.track(e),
      },
    });
    const answer = await post(url, "decisions", JSON.stringify({ scopes: heroAndSidebar }));
    expect(answer).toMatchObject({
      status: 503,
      body: { error: { code: "UNAVAILABLE", message: "offers are unavailable right now" } },
    });
    expect(JSON.stringify(answer.body)).not.toContain("secret");
    expect(logged).toHaveLength(1);
  });
});

/** The decision server's wire contract over a real engine: POST /v1/decisions and /v1/events. */
function miniDecisionServer(backend: DecisionEngine) {
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const respond = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== "Bearer secret")
        return respond(401, { error: { code: "UNAUTHORIZED", message: "no key" } });
      const parsed = JSON.parse(body) as { events?: unknown[] };
      const work =
        req.url === "/v1/events" ? backend.track(parsed.events ?? []) : backend.decide(parsed);
      work.then(
        (value) => respond(200, value),
        (error: { code?: string; message: string }) =>
          respond(400, { error: { code: error.code ?? "INTERNAL", message: error.message } }),
      );
    });
  };
}
