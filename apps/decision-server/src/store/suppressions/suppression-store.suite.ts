import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SqlClient } from "../types.js";
import type { OpenedBackend, SqlBackend } from "../testing/sql-backends.js";
import { SqlSuppressionStore } from "./sql-suppression-store.js";

export function describeSuppressionStore(backend: SqlBackend): void {
  describe(`SqlSuppressionStore on ${backend.name}`, () => {
    let opened: OpenedBackend;
    let sql: SqlClient;
    let store: SqlSuppressionStore;

    beforeAll(async () => {
      opened = await backend.open();
      sql = opened.sql;
      store = new SqlSuppressionStore(sql);
    });
    afterAll(async () => {
      await opened.dispose();
    });
    beforeEach(async () => {
      await sql.query("TRUNCATE email_suppressions");
    });

    it("stores a suppression once, however often it is added", async () => {
      expect(await store.add({ recipientId: "r1", campaignId: "nov", listId: "news" })).toBe(true);
      expect(await store.add({ recipientId: "r1", campaignId: "dec", listId: "news" })).toBe(false);
      const rows = await sql.query<{ campaign_id: string }>(
        "SELECT campaign_id FROM email_suppressions WHERE recipient_id = 'r1'",
      );
      expect(rows.map((r) => r.campaign_id)).toEqual(["nov"]);
    });

    it("suppresses per list, and everywhere when no list was named", async () => {
      await store.add({ recipientId: "r1", campaignId: "nov", listId: "news" });
      await store.add({ recipientId: "r2", campaignId: "nov" });
      expect(await store.isSuppressed("r1", "news")).toBe(true);
      expect(await store.isSuppressed("r1", "offers")).toBe(false);
      expect(await store.isSuppressed("r1")).toBe(false);
      expect(await store.isSuppressed("r2", "offers")).toBe(true);
      expect(await store.isSuppressed("r2")).toBe(true);
      expect(await store.isSuppressed("r3", "news")).toBe(false);
    });
  });
}
