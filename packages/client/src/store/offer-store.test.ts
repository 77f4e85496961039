import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DecisionResponse, FeedbackEvent, Proposition } from "@offerkit/core";
import { fallbackProposition, rankedProposition, responseOf } from "../../test/propositions.js";
import type { OfferRequest } from "../http/offer-request.js";
import { OfferStore } from "./offer-store.js";

/** A decision source that answers from a table and records what it was asked. */
function tableSource(
  answer: (request: OfferRequest) => DecisionResponse | Promise<DecisionResponse>,
) {
  const requests: OfferRequest[] = [];
  return {
    requests,
    decide: async (request: OfferRequest) => {
      requests.push(request);
      return answer(request);
    },
  };
}

function recordingSink() {
  const batches: FeedbackEvent[][] = [];
  return {
    batches,
    track: (events: FeedbackEvent[]) => Promise.resolve(void batches.push(events)),
  };
}

const hero = { decisionId: "home", placementId: "web-hero" };
const sidebar = { decisionId: "home", placementId: "web-sidebar", itemCount: 2 };

describe("OfferStore", () => {
  it("decides every scope subscribed in the same tick in ONE request, with profile and context", async () => {
    const source = tableSource(() =>
      responseOf([
        rankedProposition("p1", "home", "web-hero", ["o1"]),
        fallbackProposition("p2", "home", "web-sidebar"),
      ]),
    );
    const store = new OfferStore({ source, profile: { id: "u1" }, context: { locale: "en" } });
    const heroObserver = store.observe(hero);
    const sidebarObserver = store.observe(sidebar);
    expect(heroObserver.getSnapshot().status).toBe("loading");
    const notified: string[] = [];
    heroObserver.subscribe(() => notified.push("hero"));
    sidebarObserver.subscribe(() => notified.push("sidebar"));
    await vi.waitFor(() => expect(sidebarObserver.getSnapshot().status).toBe("fallback"));
    expect(source.requests).toEqual([
      { profile: { id: "u1" }, context: { locale: "en" }, scopes: [hero, sidebar] },
    ]);
    expect(heroObserver.getSnapshot()).toMatchObject({
      status: "ready",
      proposition: { id: "p1" },
    });
    expect(sidebarObserver.getSnapshot().proposition?.fallback?.offerId).toBe("fallback-offer");
    expect(notified.sort()).toEqual(["hero", "sidebar"]);
  });

  it("keeps a stable snapshot identity between changes and one observer per scope", async () => {
    const store = new OfferStore({
      source: tableSource(() => responseOf([rankedProposition("p1", "home", "web-hero", ["o1"])])),
    });
    const observer = store.observe(hero);
    expect(store.observe({ ...hero })).toBe(observer);
    const first = observer.getSnapshot();
    expect(observer.getSnapshot()).toBe(first);
    observer.subscribe(() => undefined);
    await vi.waitFor(() => expect(observer.getSnapshot().status).toBe("ready"));
    const ready = observer.getSnapshot();
    expect(ready).not.toBe(first);
    expect(observer.getSnapshot()).toBe(ready);
  });

  it("does not request again when a scope is unsubscribed and subscribed again (StrictMode)", async () => {
    const source = tableSource(() =>
      responseOf([rankedProposition("p1", "home", "web-hero", ["o1"])]),
    );
    const store = new OfferStore({ source });
    const observer = store.observe(hero);
    observer.subscribe(() => undefined)();
    observer.subscribe(() => undefined);
    await vi.waitFor(() => expect(observer.getSnapshot().status).toBe("ready"));
    observer.subscribe(() => undefined);
    await Promise.resolve();
    expect(source.requests).toHaveLength(1);
  });

  it("answers from the bootstrap without any request, including scope errors", async () => {
    const source = tableSource(() => {
      throw new Error("must not be called");
    });
    const store = new OfferStore({
      source,
      bootstrap: {
        profileId: "u1",
        propositions: [rankedProposition("p1", "home", "web-hero", ["o1"])],
        errors: [
          {
            decisionId: "home",
            placementId: "web-sidebar",
            code: "PLACEMENT_NOT_IN_DECISION",
            message: "no",
          },
        ],
      },
    });
    const heroObserver = store.observe(hero);
    const sidebarObserver = store.observe(sidebar);
    heroObserver.subscribe(() => undefined);
    sidebarObserver.subscribe(() => undefined);
    await Promise.resolve();
    expect(heroObserver.getSnapshot().status).toBe("ready");
    expect(sidebarObserver.getSnapshot()).toMatchObject({
      status: "error",
      error: { code: "PLACEMENT_NOT_IN_DECISION" },
    });
    expect(source.requests).toHaveLength(0);
  });

  it("turns a failing source into an error status for every scope of the request, keeping the code", async () => {
    const errors: unknown[] = [];
    const failing = Object.assign(new Error("engine down"), { code: "UNAVAILABLE" });
    const store = new OfferStore({
      source: tableSource(() => Promise.reject(failing)),
      onError: (e) => errors.push(e),
    });
    const a = store.observe(hero);
    const b = store.observe(sidebar);
    a.subscribe(() => undefined);
    b.subscribe(() => undefined);
    await vi.waitFor(() => expect(b.getSnapshot().status).toBe("error"));
    expect(a.getSnapshot()).toMatchObject({
      status: "error",
      error: { code: "UNAVAILABLE", message: "engine down" },
    });
    expect(errors).toHaveLength(1);
  });

  it("reports a scope the response did not answer as an error, with the engine's per-scope code", async () => {
    const store = new OfferStore({
      source: tableSource(() =>
        responseOf(
          [],
          [
            {
              decisionId: "home",
              placementId: "web-hero",
              code: "DECISION_NOT_LIVE",
              message: "paused",
            },
          ],
        ),
      ),
    });
    const observer = store.observe(hero);
    observer.subscribe(() => undefined);
    await vi.waitFor(() => expect(observer.getSnapshot().status).toBe("error"));
    expect(observer.getSnapshot().error?.code).toBe("DECISION_NOT_LIVE");
  });

  it("without any source shows an error rather than loading forever", async () => {
    const store = new OfferStore();
    const observer = store.observe(hero);
    observer.subscribe(() => undefined);
    await vi.waitFor(() => expect(observer.getSnapshot().status).toBe("error"));
  });

  describe("events", () => {
    let proposition: Proposition;
    beforeEach(() => {
      proposition = rankedProposition("p1", "home", "web-hero", ["o1", "o2"]);
    });

    it("records one display per proposition item however often it is reported, clicks every time", async () => {
      const sink = recordingSink();
      const store = new OfferStore({
        events: sink,
        bootstrap: { profileId: "u9", propositions: [proposition], errors: [] },
      });
      store.recordDisplay(proposition, "o1");
      store.recordDisplay(proposition, "o1");
      store.recordDisplay(proposition, "o2");
      store.recordInteract(proposition, "o1");
      store.recordInteract(proposition, "o1");
      await store.flush();
      const events = sink.batches.flat();
      expect(events.map((e) => [e.type, e.offerId])).toEqual([
        ["display", "o1"],
        ["display", "o2"],
        ["interact", "o1"],
        ["interact", "o1"],
      ]);
      expect(new Set(events.map((e) => e.id)).size).toBe(4);
      expect(events[0]).toMatchObject({
        profileId: "u9",
        propositionId: "p1",
        decisionId: "home",
        placementId: "web-hero",
      });
      expect(Date.parse(events[0]!.timestamp)).not.toBeNaN();
    });

    it("a second proposition for the same item is a new impression", async () => {
      const sink = recordingSink();
      const store = new OfferStore({ events: sink });
      store.recordDisplay(proposition, "o1");
      store.recordDisplay({ ...proposition, id: "p2" }, "o1");
      await store.flush();
      expect(sink.batches.flat().map((e) => e.propositionId)).toEqual(["p1", "p2"]);
    });

    it("flushes through the beacon when the page hides while connected, and on the last disconnect", async () => {
      const beacons: FeedbackEvent[][] = [];
      const sink = {
        ...recordingSink(),
        beacon: (events: FeedbackEvent[]) => (beacons.push(events), true),
      };
      const store = new OfferStore({ events: sink, flushIntervalMs: 60_000 });
      const disconnectA = store.connect();
      const disconnectB = store.connect();
      store.recordDisplay(proposition, "o1");
      window.dispatchEvent(new Event("pagehide"));
      expect(beacons.flat().map((e) => e.offerId)).toEqual(["o1"]);
      store.recordDisplay(proposition, "o2");
      disconnectA();
      disconnectA();
      expect(sink.batches).toHaveLength(0);
      disconnectB();
      await vi.waitFor(() => expect(sink.batches.flat().map((e) => e.offerId)).toEqual(["o2"]));
      store.recordInteract(proposition, "o1");
      window.dispatchEvent(new Event("pagehide"));
      expect(beacons).toHaveLength(1);
    });
  });
});

afterEach(() => vi.restoreAllMocks());
