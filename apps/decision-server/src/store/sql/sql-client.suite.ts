import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../types.js";
import type { OpenedBackend, SqlBackend } from "../testing/sql-backends.js";
import { MIGRATIONS } from "./migrations.js";
import { isUniqueViolation } from "./postgres-errors.js";

/** What the stores rely on, held to both adapters. */
export function describeSqlClient(backend: SqlBackend): void {
  describe(`SqlClient on ${backend.name}`, () => {
    let opened: OpenedBackend;
    let sql: SqlClient;
    beforeAll(async () => {
      opened = await backend.open();
      sql = opened.sql;
    });
    afterAll(async () => {
      await opened.dispose();
    });

    it("has run the migrations exactly once", async () => {
      const rows = await sql.query<{ version: number }>(
        "SELECT version FROM schema_migrations ORDER BY version",
      );
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      const state = await sql.query<{ version: number }>("SELECT version FROM library_state");
      expect(state).toEqual([{ version: 0 }]);
    });

    it("round-trips jsonb, int8 as numbers and timestamptz as Date", async () => {
      await sql.query("INSERT INTO counters (key, value, expires_at) VALUES ($1, $2, $3)", [
        "k-types",
        7,
        1_700_000_000_123,
      ]);
      const [row] = await sql.query<{
        value: unknown;
        expires_at: unknown;
        j: unknown;
        t: unknown;
      }>(
        "SELECT value, expires_at, $2::jsonb AS j, $3::timestamptz AS t FROM counters WHERE key = $1",
        ["k-types", JSON.stringify({ a: [1, "x"] }), "2026-01-02T03:04:05.678Z"],
      );
      expect(row).toEqual({
        value: 7,
        expires_at: 1_700_000_000_123,
        j: { a: [1, "x"] },
        t: new Date("2026-01-02T03:04:05.678Z"),
      });
    });

    it("execute answers how many rows a statement changed", async () => {
      await sql.query("INSERT INTO counters (key, value) VALUES ('k-exec-1', 1), ('k-exec-2', 1)");
      expect(
        await sql.execute("UPDATE counters SET value = value + 1 WHERE key LIKE $1", ["k-exec-%"]),
      ).toBe(2);
      expect(
        await sql.execute(
          "INSERT INTO counters (key, value) VALUES ('k-exec-1', 1), ('k-exec-3', 1) ON CONFLICT (key) DO NOTHING",
        ),
      ).toBe(1);
      expect(await sql.execute("DELETE FROM counters WHERE key = 'nobody'")).toBe(0);
    });

    it("reports a unique violation with its SQLSTATE, so stores can tell it apart", async () => {
      await sql.query("INSERT INTO counters (key, value) VALUES ('k-unique', 1)");
      const error: unknown = await sql
        .query("INSERT INTO counters (key, value) VALUES ('k-unique', 1)")
        .catch((e: unknown) => e);
      expect(isUniqueViolation(error)).toBe(true);
      expect(error).toBeInstanceOf(Error);
    });

    it("runs a statement sent while a transaction is open after that transaction, not inside it", async () => {
      let outside: Promise<unknown[]> | undefined;
      await expect(
        sql.transaction(async (tx) => {
          await tx.query("INSERT INTO counters (key, value) VALUES ('k-isolated', 1)");
          outside = sql.query("SELECT key FROM counters WHERE key = 'k-isolated'");
          await new Promise((r) => setTimeout(r, 50));
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect(await outside).toEqual([]);
    });

    it("rolls a failing transaction back completely", async () => {
      await expect(
        sql.transaction(async (tx) => {
          await tx.query("INSERT INTO counters (key, value) VALUES ('k-rollback', 1)");
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await sql.query("SELECT key FROM counters WHERE key = 'k-rollback'")).toEqual([]);
    });

    it("commits a transaction and returns its result", async () => {
      const result = await sql.transaction(async (tx) => {
        await tx.query("INSERT INTO counters (key, value) VALUES ('k-commit', 1)");
        return (
          await tx.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM counters WHERE key = 'k-commit'",
          )
        )[0]?.n;
      });
      expect(result).toBe(1);
      expect(await sql.query("SELECT value FROM counters WHERE key = 'k-commit'")).toEqual([
        { value: 1 },
      ]);
    });

    it("delivers NOTIFY to a listener only after commit, and stops after unlisten", async () => {
      const received: string[] = [];
      const unlisten = await sql.listen!("offerkit_test_channel", (p) => received.push(p));
      await sql.transaction(async (tx) => {
        await tx.query("SELECT pg_notify('offerkit_test_channel', $1)", ["in-tx"]);
        await new Promise((r) => setTimeout(r, 100));
        expect(received).toEqual([]);
      });
      await expect.poll(() => received, { timeout: 2000 }).toEqual(["in-tx"]);
      await unlisten();
      await sql.query("SELECT pg_notify('offerkit_test_channel', 'after')");
      await new Promise((r) => setTimeout(r, 200));
      expect(received).toEqual(["in-tx"]);
    });
  });
}
