import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeCounterStoreContract } from "@offerkit/core/testing";
import { closePgliteTemplate, openTestPglite } from "../testing/test-pglite.js";
import type { PgliteSqlClient } from "../sql/pglite-client.js";
import { SqlCounterStore } from "./sql-counter-store.js";

let sql: PgliteSqlClient;
beforeAll(async () => {
  sql = await openTestPglite();
});
afterAll(async () => {
  await sql.close();
  await closePgliteTemplate();
});

describeCounterStoreContract(
  "SqlCounterStore on PGlite",
  () => Promise.resolve(new SqlCounterStore(sql)),
  () => Promise.resolve(),
);

describe("SqlCounterStore housekeeping on PGlite", () => {
  it("deletes counters and seen events whose window has ended, and keeps the rest", async () => {
    let now = 1_000_000;
    const store = new SqlCounterStore(sql, { now: () => now, sweepIntervalMs: 1_000 });
    await store.record("sweep-e1", [{ writeKey: "sweep-old", expiresAt: 1_000_500 }]);
    await store.record("sweep-e2", [{ writeKey: "sweep-forever" }]);
    await store.reserve([
      { readKeys: ["sweep-later"], writeKey: "sweep-later", limit: 5, expiresAt: 9_000_000 },
    ]);
    now = 1_002_000;
    await store.sweepExpired();
    const keys = await sql.query<{ key: string }>(
      "SELECT key FROM counters WHERE key LIKE 'sweep-%' ORDER BY key",
    );
    expect(keys.map((r) => r.key)).toEqual(["sweep-forever", "sweep-later"]);
    const seen = await sql.query<{ event_id: string }>(
      "SELECT event_id FROM counter_events WHERE event_id LIKE 'sweep-%' ORDER BY event_id",
    );
    expect(seen.map((r) => r.event_id)).toEqual(["sweep-e2"]);
  });

  it("restarts an expired counter at 1 on the next write, with the new window end", async () => {
    let now = 5_000_000;
    const store = new SqlCounterStore(sql, {
      now: () => now,
      sweepIntervalMs: Number.MAX_SAFE_INTEGER,
    });
    const check = { readKeys: ["restart"], writeKey: "restart", limit: 2, expiresAt: 5_000_100 };
    expect(await store.reserve([check])).toEqual({ ok: true });
    expect(await store.reserve([check])).toEqual({ ok: true });
    expect(await store.reserve([check])).toEqual({ ok: false, index: 0, count: 2 });
    now = 5_000_200;
    const next = { ...check, expiresAt: 5_001_000 };
    expect(await store.reserve([next])).toEqual({ ok: true });
    expect(await store.counts([next])).toEqual([1]);
    expect(await sql.query("SELECT value, expires_at FROM counters WHERE key = 'restart'")).toEqual(
      [{ value: 1, expires_at: 5_001_000 }],
    );
  });
});
