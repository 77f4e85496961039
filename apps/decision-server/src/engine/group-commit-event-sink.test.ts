import { afterAll, describe, expect, it } from "vitest";
import type { DecisionEvent } from "@offerkit/core";
import { SqlEventStore } from "../store/events/sql-event-store.js";
import { closePgliteTemplate, openTestPglite } from "../store/testing/test-pglite.js";
import type { EventStore } from "../store/types.js";
import { GroupCommitEventSink } from "./group-commit-event-sink.js";

afterAll(async () => {
  await closePgliteTemplate();
});

function decisionEvent(id: string): DecisionEvent {
  return {
    id,
    type: "decision",
    timestamp: "2026-11-22T10:00:00.000Z",
    profileId: "p",
    propositionId: `prop-${id}`,
    decisionId: "d",
    placementId: "web",
    items: [{ offerId: "o", score: 1, propensity: 1 }],
    libraryVersion: 1,
  };
}

describe("GroupCommitEventSink", () => {
  it("stores every emitted event before its emit resolves, in few batches", async () => {
    const sql = await openTestPglite();
    try {
      const store = new SqlEventStore(sql);
      const batches: number[] = [];
      const sink = new GroupCommitEventSink(
        store,
        (events) => void batches.push(events.length),
        40,
      );
      // 100 concurrent emits of 1–2 events each.
      const emits = Array.from({ length: 100 }, (_, i) =>
        sink.emit(
          i % 2 === 0
            ? [decisionEvent(`e${i}`)]
            : [decisionEvent(`e${i}a`), decisionEvent(`e${i}b`)],
        ),
      );
      let resolvedBeforeStored = 0;
      await Promise.all(
        emits.map(async (emit, i) => {
          await emit;
          const page = await store.query({
            propositionId: i % 2 === 0 ? `prop-e${i}` : `prop-e${i}a`,
          });
          if (page.items.length === 0) resolvedBeforeStored++;
        }),
      );
      expect(resolvedBeforeStored).toBe(0);
      expect(batches.reduce((a, b) => a + b, 0)).toBe(150);
      expect(Math.max(...batches)).toBeLessThanOrEqual(40);
      expect(batches.length).toBeLessThan(100); // grouped, not one INSERT per emit
      await sink.flush();
    } finally {
      await sql.close();
    }
  }, 60_000);

  it("rejects the emits whose batch failed and keeps working for later ones", async () => {
    let fail = true;
    const appended: string[] = [];
    // Failure injection: an event store whose database is down for the first batch.
    const flaky: EventStore = {
      append: () => Promise.reject(new Error("the sink stores engine events with appendCounted")),
      appendValidated: () =>
        Promise.reject(new Error("the sink stores engine events with appendCounted")),
      appendCounted: (events) => {
        if (fail) return Promise.reject(new Error("database unavailable"));
        const ids = events.map((e) => e.id);
        appended.push(...ids);
        return Promise.resolve({ inserted: ids.length, duplicates: 0 });
      },
      query: () => Promise.resolve({ items: [] }),
    };
    const sink = new GroupCommitEventSink(flaky);
    const first = [sink.emit([decisionEvent("a")]), sink.emit([decisionEvent("b")])];
    await expect(Promise.all(first)).rejects.toThrow("database unavailable");
    await sink.flush();
    fail = false;
    await sink.emit([decisionEvent("c")]);
    expect(appended).toEqual(["c"]);
  });

  it("fails emits at once with UNAVAILABLE while more than maxQueued events wait", async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const stored: string[] = [];
    // A database that does not answer until the gate opens.
    const stuck: EventStore = {
      append: () => Promise.reject(new Error("unused")),
      appendValidated: () => Promise.reject(new Error("unused")),
      appendCounted: async (events) => {
        await gate;
        stored.push(...events.map((e) => e.id));
        return { inserted: events.length, duplicates: 0 };
      },
      query: () => Promise.resolve({ items: [] }),
    };
    const sink = new GroupCommitEventSink(stuck, () => undefined, 500, 3);
    const writing = sink.emit([decisionEvent("w")]);
    await new Promise((resolve) => setImmediate(resolve)); // "w" is now being written; the queue is empty
    const queued = [
      sink.emit([decisionEvent("q1"), decisionEvent("q2")]),
      sink.emit([decisionEvent("q3")]),
    ];
    await expect(sink.emit([decisionEvent("over")])).rejects.toMatchObject({ code: "UNAVAILABLE" });
    open();
    await Promise.all([writing, ...queued]);
    await sink.emit([decisionEvent("after")]);
    expect(stored).toEqual(["w", "q1", "q2", "q3", "after"]);
  });
});
