import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OfferEvent } from "@offerkit/core";
import type { SqlClient } from "../types.js";
import type { OpenedBackend, SqlBackend } from "../testing/sql-backends.js";
import { resetDatabase } from "../testing/reset-database.js";
import { expectOfferkitError } from "../testing/expect-offerkit-error.js";
import { SqlEventStore } from "./sql-event-store.js";

function decisionEvent(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    type: "decision",
    timestamp: "2026-03-01T10:00:00.000Z",
    profileId: "alice",
    propositionId: `prop-${id}`,
    decisionId: "homepage",
    placementId: "web-hero",
    items: [{ offerId: "summer-sale", score: 5, propensity: 1 }],
    libraryVersion: 3,
    ...overrides,
  };
}

function displayEvent(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    type: "display",
    timestamp: "2026-03-01T10:00:01.000Z",
    profileId: "alice",
    propositionId: "prop-d1",
    decisionId: "homepage",
    placementId: "web-hero",
    offerId: "summer-sale",
    ...overrides,
  };
}

export function describeEventStore(backend: SqlBackend): void {
  describe(`SqlEventStore on ${backend.name}`, () => {
    let opened: OpenedBackend;
    let sql: SqlClient;
    let events: SqlEventStore;

    beforeAll(async () => {
      opened = await backend.open();
      sql = opened.sql;
      events = new SqlEventStore(sql);
    });
    afterAll(async () => {
      await opened.dispose();
    });
    beforeEach(async () => {
      await resetDatabase(sql);
    });

    it("appendCounted stores a batch atomically and counts new events, replays in and across batches as duplicates", async () => {
      const d1 = decisionEvent("d1") as unknown as OfferEvent;
      const v1 = displayEvent("v1") as unknown as OfferEvent;
      const v1Again = displayEvent("v1", { profileId: "mallory" }) as unknown as OfferEvent;
      expect(await events.appendCounted([d1, v1, v1Again])).toEqual({ inserted: 2, duplicates: 1 });
      expect(await events.appendCounted([d1, displayEvent("v2") as unknown as OfferEvent])).toEqual(
        {
          inserted: 1,
          duplicates: 1,
        },
      );
      expect(await events.appendCounted([])).toEqual({ inserted: 0, duplicates: 0 });
      const stored = (await events.query({ propositionId: "prop-d1" })).items;
      expect(stored.map((e) => e.id).sort()).toEqual(["d1", "v1", "v2"]);
      expect(stored.find((e) => e.id === "v1")).toEqual(v1);
      // The first of an id wins: mallory's replay changed nothing.
      expect((await events.query({ profileId: "mallory" })).items).toEqual([]);
    });

    it("appendValidated stores engine events with their columns, first of an id wins, replays are duplicates", async () => {
      const d1 = decisionEvent("d1", { fallbackOfferId: "fb" }) as unknown as OfferEvent;
      const v1 = displayEvent("v1") as unknown as OfferEvent;
      const v1Again = displayEvent("v1", { profileId: "mallory" }) as unknown as OfferEvent;
      expect(await events.appendValidated([d1, v1, v1Again])).toEqual({
        inserted: ["d1", "v1"],
        duplicates: ["v1"],
      });
      expect(await events.appendValidated([d1])).toEqual({ inserted: [], duplicates: ["d1"] });
      expect((await events.query({ propositionId: "prop-d1" })).items).toEqual([d1, v1]);
      expect((await events.query({ profileId: "mallory" })).items).toEqual([]);
      // offer_id is set for feedback events only; decision events are found through their items.
      expect(
        (await events.query({ offerId: "summer-sale", type: "display" })).items.map((e) => e.id),
      ).toEqual(["v1"]);
      expect(
        (await events.query({ offerId: "summer-sale", type: "decision" })).items.map((e) => e.id),
      ).toEqual(["d1"]);
      expect(
        (
          await events.query({ decisionId: "homepage", from: "2026-03-01T10:00:01.000Z" })
        ).items.map((e) => e.id),
      ).toEqual(["v1"]);
      const [row] = await sql.query<{
        type: string;
        offer_id: string | null;
        placement_id: string;
      }>("SELECT type, offer_id, placement_id FROM events WHERE id = 'd1'");
      expect(row).toEqual({ type: "decision", offer_id: null, placement_id: "web-hero" });
    });

    it("stores new events and reports replays as duplicates without changing them", async () => {
      expect(await events.append([decisionEvent("d1"), displayEvent("v1")])).toEqual({
        inserted: ["d1", "v1"],
        duplicates: [],
      });
      const replay = await events.append([
        displayEvent("v1", { profileId: "mallory" }),
        displayEvent("v2"),
        displayEvent("v2"),
      ]);
      expect(replay).toEqual({ inserted: ["v2"], duplicates: ["v1", "v2"] });
      const stored = await events.query({ type: "display" });
      expect(stored.items.map((e) => [e.id, e.profileId])).toEqual([
        ["v1", "alice"],
        ["v2", "alice"],
      ]);
    });

    it("refuses a batch with any invalid event, naming index and field, and stores none of it", async () => {
      await expectOfferkitError(
        events.append([displayEvent("ok"), displayEvent("bad", { timestamp: "yesterday" })]),
        "VALIDATION_FAILED",
        [1, "timestamp"],
      );
      await expectOfferkitError(
        events.append([{ ...displayEvent("x"), type: "purchase" }]),
        "VALIDATION_FAILED",
      );
      expect((await events.query()).items).toEqual([]);
    });

    it("keeps every acknowledged event under concurrent appends of overlapping batches", async () => {
      const batches = Array.from({ length: 10 }, (_, b) =>
        Array.from({ length: 20 }, (_, i) => displayEvent(`e-${(b * 10 + i) % 120}`)),
      );
      const results = await Promise.all(batches.map((batch) => events.append(batch)));
      const inserted = results.flatMap((r) => r.inserted);
      expect(new Set(inserted).size).toBe(inserted.length);
      expect(inserted).toHaveLength(110);
      const all = await events.query({ limit: 1000 });
      expect(all.items.map((e) => e.id).sort()).toEqual([...new Set(inserted)].sort());
    });

    it("queries by proposition, profile, decision, offer, type and time range, paging in time order", async () => {
      await events.append([
        decisionEvent("d1", { propositionId: "prop-d1", timestamp: "2026-03-01T10:00:00.000Z" }),
        displayEvent("v1", { timestamp: "2026-03-01T10:00:01.000Z" }),
        displayEvent("v2", {
          timestamp: "2026-03-01T10:00:01.000Z",
          profileId: "bob",
          offerId: "winter-coat",
        }),
        { ...displayEvent("i1", { timestamp: "2026-03-02T09:00:00.000+02:00" }), type: "interact" },
        decisionEvent("d2", {
          decisionId: "checkout",
          timestamp: "2026-03-03T00:00:00.000Z",
          items: [],
        }),
      ]);
      const ids = async (q: Parameters<typeof events.query>[0]) =>
        (await events.query(q)).items.map((e) => e.id);
      expect(await ids({ propositionId: "prop-d1" })).toEqual(["d1", "v1", "v2", "i1"]);
      expect(await ids({ profileId: "bob" })).toEqual(["v2"]);
      expect(await ids({ decisionId: "checkout" })).toEqual(["d2"]);
      expect(await ids({ offerId: "summer-sale" })).toEqual(["d1", "v1", "i1"]);
      expect(await ids({ type: "decision" })).toEqual(["d1", "d2"]);
      expect(
        await ids({ from: "2026-03-01T10:00:01.000Z", to: new Date("2026-03-03T00:00:00.000Z") }),
      ).toEqual(["v1", "v2", "i1"]);

      const first = await events.query({ limit: 2 });
      expect(first.items.map((e) => e.id)).toEqual(["d1", "v1"]);
      const second = await events.query({ limit: 2, cursor: first.nextCursor });
      expect(second.items.map((e) => e.id)).toEqual(["v2", "i1"]);
      const third = await events.query({ limit: 2, cursor: second.nextCursor });
      expect(third.items.map((e) => e.id)).toEqual(["d2"]);
      expect(third.nextCursor).toBeUndefined();
      await expectOfferkitError(events.query({ cursor: "nope" }), "VALIDATION_FAILED", ["cursor"]);
      await expectOfferkitError(events.query({ from: "last week" }), "VALIDATION_FAILED", ["from"]);
    });

    it("returns events exactly as they were sent (body round-trip)", async () => {
      const event = decisionEvent("round", {
        items: [{ offerId: "a", score: 1.5, propensity: 0.25 }],
        fallbackOfferId: "fb",
      });
      await events.append([event]);
      expect((await events.query({ propositionId: "prop-round" })).items).toEqual([event]);
    });
  });
}
