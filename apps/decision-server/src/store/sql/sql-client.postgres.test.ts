import { describe, expect, it } from "vitest";
import { PgSqlClient } from "./pg-client.js";
import { migrate } from "./migrate.js";
import { dropSchema, TEST_PG_URL } from "../testing/test-postgres.js";
import { postgresBackend } from "../testing/sql-backends.js";
import { describeSqlClient } from "./sql-client.suite.js";
import { MIGRATIONS } from "./migrations.js";

describeSqlClient(postgresBackend);

describe("migrations on PostgreSQL", () => {
  it("apply once when several instances start at the same moment", async () => {
    const schema = `offerkit_test_race_${process.pid}`;
    await dropSchema(TEST_PG_URL, schema);
    const clients = await Promise.all(
      [1, 2, 3, 4].map(() => PgSqlClient.open({ url: TEST_PG_URL, schema, poolSize: 1 })),
    );
    try {
      const applied = await Promise.all(clients.map((c) => migrate(c)));
      expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
      const rows = await clients[0]!.query(
        "SELECT version FROM schema_migrations ORDER BY version",
      );
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await dropSchema(TEST_PG_URL, schema);
    }
  });

  it("fails with a clear error when the database is unreachable", async () => {
    await expect(
      PgSqlClient.open({ url: "postgres://postgres@127.0.0.1:1/test", connectTimeoutMs: 1000 }),
    ).rejects.toThrow(/cannot use PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/test/);
  });
});
