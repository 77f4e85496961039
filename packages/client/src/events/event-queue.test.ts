import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FeedbackEvent } from "@offerkit/core";
import { EventQueue } from "./event-queue.js";

function event(n: number): FeedbackEvent {
  return {
    id: `e${n}`,
    type: "display",
    timestamp: "2026-01-01T00:00:00Z",
    profileId: "u1",
    propositionId: "p1",
    decisionId: "home",
    placementId: "web-hero",
    offerId: `o${n}`,
  };
}

const ids = (batches: FeedbackEvent[][]) => batches.map((b) => b.map((e) => e.id));

describe("EventQueue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends a batch as soon as maxBatchSize events are waiting", async () => {
    const sent: FeedbackEvent[][] = [];
    const queue = new EventQueue({
      send: (b) => Promise.resolve(void sent.push(b)),
      maxBatchSize: 3,
      flushIntervalMs: 10_000,
    });
    [1, 2, 3, 4].forEach((n) => queue.enqueue(event(n)));
    await vi.advanceTimersByTimeAsync(0);
    expect(ids(sent)).toEqual([["e1", "e2", "e3"]]);
    expect(queue.pending).toBe(1);
  });

  it("sends whatever is waiting after the flush interval", async () => {
    const sent: FeedbackEvent[][] = [];
    const queue = new EventQueue({
      send: (b) => Promise.resolve(void sent.push(b)),
      maxBatchSize: 10,
      flushIntervalMs: 500,
    });
    queue.enqueue(event(1));
    await vi.advanceTimersByTimeAsync(499);
    expect(sent).toEqual([]);
    queue.enqueue(event(2));
    await vi.advanceTimersByTimeAsync(1);
    expect(ids(sent)).toEqual([["e1", "e2"]]);
  });

  it("keeps a failed batch with the same ids and resends it on the next interval", async () => {
    const attempts: FeedbackEvent[][] = [];
    const errors: unknown[] = [];
    const queue = new EventQueue({
      send: (b) => {
        attempts.push(b);
        return attempts.length === 1 ? Promise.reject(new Error("offline")) : Promise.resolve();
      },
      flushIntervalMs: 100,
      onError: (e) => errors.push(e),
    });
    queue.enqueue(event(1));
    await vi.advanceTimersByTimeAsync(100);
    expect(errors).toHaveLength(1);
    expect(queue.pending).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(ids(attempts)).toEqual([["e1"], ["e1"]]);
    expect(queue.pending).toBe(0);
  });

  it("drops the oldest events beyond maxQueued so a dead server cannot grow memory", () => {
    const beacons: FeedbackEvent[][] = [];
    const queue = new EventQueue({
      send: () => new Promise(() => undefined),
      beacon: (b) => (beacons.push(b), true),
      maxBatchSize: 100,
      maxQueued: 3,
    });
    [1, 2, 3, 4, 5].forEach((n) => queue.enqueue(event(n)));
    expect(queue.pending).toBe(3);
    queue.flushNow();
    expect(ids(beacons)).toEqual([["e3", "e4", "e5"]]);
  });

  it("hands everything waiting to the beacon when the page becomes hidden, in batches", async () => {
    const beacons: FeedbackEvent[][] = [];
    const sent: FeedbackEvent[][] = [];
    const queue = new EventQueue({
      send: (b) => Promise.resolve(void sent.push(b)),
      beacon: (b) => (beacons.push(b), true),
      maxBatchSize: 2,
      flushIntervalMs: 10_000,
    });
    const stop = queue.listenForPageHide();
    queue.enqueue(event(1));
    queue.enqueue(event(2));
    queue.enqueue(event(3));
    await vi.advanceTimersByTimeAsync(0);
    // e1+e2 went out as a full batch through send(); e3 waits.
    const hidden = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    document.dispatchEvent(new Event("visibilitychange"));
    hidden.mockRestore();
    expect(ids(beacons)).toEqual([["e3"]]);
    queue.enqueue(event(4));
    window.dispatchEvent(new Event("pagehide"));
    expect(ids(beacons)).toEqual([["e3"], ["e4"]]);
    stop();
    queue.enqueue(event(5));
    window.dispatchEvent(new Event("pagehide"));
    expect(beacons).toHaveLength(2);
    expect(ids(sent)).toEqual([["e1", "e2"]]);
  });

  it("falls back to send() when the browser refuses the beacon", () => {
    const sent: FeedbackEvent[][] = [];
    const queue = new EventQueue({
      send: (b) => Promise.resolve(void sent.push(b)),
      beacon: () => false,
    });
    queue.enqueue(event(1));
    queue.flushNow();
    expect(ids(sent)).toEqual([["e1"]]);
  });
});
