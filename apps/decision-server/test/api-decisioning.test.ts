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

const adult = { id: "p-adult", attributes: { age: 40 } };
const decideBody = (
  profile: { id: string; attributes?: Record<string, unknown> } = adult,
  scopes = [{ decisionId: "home", placementId: "web" }],
) => ({ profile, scopes });

function feedback(
  id: string,
  type: "display" | "interact",
  offerId: string,
  propositionId = "prop-1",
) {
  return {
    id,
    type,
    offerId,
    timestamp: new Date().toISOString(),
    profileId: adult.id,
    propositionId,
    decisionId: "home",
    placementId: "web",
  };
}

describe("POST /v1/decisions", () => {
  it("ranks by the decision's formula, answers the proposition and stores its decision event", async () => {
    const r = await t.request("POST", "/v1/decisions", { body: decideBody() });
    expect(r.status).toBe(200);
    const [proposition] = r.body.propositions;
    expect(proposition.items.map((i: { offerId: string }) => i.offerId)).toEqual(["alpha", "beta"]); // gamma is a draft
    expect(proposition.items[0].score).toBe(60);
    const events = await t.request("GET", `/v1/events?propositionId=${proposition.id}`);
    expect(events.status).toBe(200);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({
      type: "decision",
      profileId: "p-adult",
      decisionId: "home",
      items: [{ offerId: "alpha" }, { offerId: "beta" }],
      profileAttributes: { age: 40 }, // what offerkit replay needs (decisionEventProfile "full")
    });
  });

  it('stores decision events without profile data when the server runs with decisionEventProfile "none"', async () => {
    const minimal = await startTestServer({
      library: apiTestLibrary(),
      server: { decisionEventProfile: "none" },
    });
    try {
      const r = await minimal.request("POST", "/v1/decisions", {
        body: { ...decideBody(), context: { channel: "web" } },
      });
      expect(r.status).toBe(200);
      const [proposition] = r.body.propositions;
      const events = await minimal.request("GET", `/v1/events?propositionId=${proposition.id}`);
      expect(events.body.items).toHaveLength(1);
      expect(events.body.items[0]).toMatchObject({
        type: "decision",
        profileId: "p-adult",
        items: [{ offerId: "alpha" }, { offerId: "beta" }],
      });
      expect(events.body.items[0]).not.toHaveProperty("profileAttributes");
      expect(events.body.items[0]).not.toHaveProperty("context");
    } finally {
      await minimal.close();
    }
  });

  it("applies eligibility rules from the library", async () => {
    const r = await t.request("POST", "/v1/decisions", {
      body: decideBody({ id: "p-kid", attributes: { age: 9 } }),
    });
    expect(r.body.propositions[0].items.map((i: { offerId: string }) => i.offerId)).toEqual([
      "alpha",
    ]);
  });

  it("reserves decision caps: a global cap of 2 serves twice, then the fallback", async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const r = await t.request("POST", "/v1/decisions", {
        body: decideBody({ id: `cap-${i}`, attributes: {} }, [
          { decisionId: "scarce", placementId: "web" },
        ]),
      });
      answers.push(r.body.propositions[0].reason);
    }
    expect(answers).toEqual(["ranked", "ranked", "fallback"]);
    const metrics = await t.request("GET", "/metrics");
    expect(metrics.text).toMatch(/offerkit_cap_rejections_total\{stage="check"\} [1-9]/);
  });

  it("answers 400 with the failing path for a malformed request", async () => {
    const r = await t.request("POST", "/v1/decisions", {
      body: { profile: { id: "" }, scopes: [] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
    const paths = r.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["profile.id", "scopes"]));
  });

  it("answers 404 / 422 when no scope can be decided, locating each scope", async () => {
    const unknown = await t.request("POST", "/v1/decisions", {
      body: decideBody(adult, [{ decisionId: "nope", placementId: "web" }]),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: "DECISION_NOT_FOUND",
      issues: [{ path: ["scopes", 0] }],
    });
    const draft = await t.request("POST", "/v1/decisions", {
      body: decideBody(adult, [{ decisionId: "later", placementId: "web" }]),
    });
    expect(draft.status).toBe(422);
    expect(draft.body.error.code).toBe("DECISION_NOT_LIVE");
  });

  it("answers 200 with per-scope errors when some scopes can be decided", async () => {
    const r = await t.request("POST", "/v1/decisions", {
      body: decideBody(adult, [
        { decisionId: "home", placementId: "email" },
        { decisionId: "later", placementId: "web" },
      ]),
    });
    expect(r.status).toBe(200);
    expect(r.body.propositions).toHaveLength(1);
    expect(r.body.errors).toMatchObject([{ decisionId: "later", code: "DECISION_NOT_LIVE" }]);
  });
});

describe("POST /v1/simulate", () => {
  it("is a dry run with a trace: no caps reserved, no event stored", async () => {
    const body = decideBody({ id: "sim", attributes: { age: 30 } }, [
      { decisionId: "scarce", placementId: "web" },
    ]);
    const before = (await t.request("GET", "/v1/events?profileId=sim")).body.items.length;
    const r = await t.request("POST", "/v1/simulate", { body });
    expect(r.status).toBe(200);
    expect(r.body.trace.scopes[0].candidates).toEqual(
      expect.arrayContaining([expect.objectContaining({ offerId: "limited" })]),
    );
    expect((await t.request("GET", "/v1/events?profileId=sim")).body.items.length).toBe(before);
  });

  it("validates like decide", async () => {
    const r = await t.request("POST", "/v1/simulate", {
      body: { profile: { id: "x" }, scopes: [{ decisionId: "home" }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toEqual(["scopes", 0, "placementId"]);
  });
});

describe("POST /v1/events", () => {
  it("stores a batch, is idempotent by id, and counts display caps", async () => {
    const batch = {
      events: [feedback("ev-1", "display", "beta"), feedback("ev-2", "interact", "alpha")],
    };
    const first = await t.request("POST", "/v1/events", { body: batch });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 2, duplicates: 0 });
    const again = await t.request("POST", "/v1/events", { body: batch });
    expect(again.body).toEqual({ accepted: 0, duplicates: 2 });
    // beta has a display cap of 1 per profile: after one display it is no longer proposed to this profile.
    const r = await t.request("POST", "/v1/decisions", { body: decideBody() });
    expect(r.body.propositions[0].items.map((i: { offerId: string }) => i.offerId)).toEqual([
      "alpha",
    ]);
    const stored = await t.request("GET", "/v1/events?type=display&profileId=p-adult");
    expect(stored.body.items.map((e: { id: string }) => e.id)).toEqual(["ev-1"]);
  });

  it("answers 400 naming the event and field for a bad event, and stores none of the batch", async () => {
    const r = await t.request("POST", "/v1/events", {
      body: {
        events: [
          feedback("ok-1", "display", "alpha"),
          { ...feedback("bad", "display", "alpha"), timestamp: "yesterday" },
        ],
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toEqual(["events", 1, "timestamp"]);
    const stored = await t.request("GET", "/v1/events?profileId=p-adult&type=display");
    expect(stored.body.items.map((e: { id: string }) => e.id)).not.toContain("ok-1");
  });

  it("refuses an empty batch and unknown event types", async () => {
    expect((await t.request("POST", "/v1/events", { body: { events: [] } })).status).toBe(400);
    const r = await t.request("POST", "/v1/events", {
      body: { events: [{ ...feedback("x", "display", "alpha"), type: "purchase" }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toEqual(["events", 0, "type"]);
  });
});

describe("GET /v1/events", () => {
  it("pages with a cursor and refuses bad query parameters", async () => {
    const page = await t.request("GET", "/v1/events?limit=1");
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    const next = await t.request(
      "GET",
      `/v1/events?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`,
    );
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    const bad = await t.request("GET", "/v1/events?limit=5000&colour=red");
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: unknown[] }) => i.path[0])).toEqual([
      "query",
      "query",
    ]);
  });
});
