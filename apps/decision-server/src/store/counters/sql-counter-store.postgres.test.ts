import { afterAll, beforeAll } from "vitest";
import { describeCounterStoreContract } from "@offerkit/core/testing";
import { openTestPostgres, type TestPostgres } from "../testing/test-postgres.js";
import { PgSqlClient } from "../sql/pg-client.js";
import { SqlCounterStore } from "./sql-counter-store.js";
import { describeCounterStoreAcrossInstances } from "./counter-store-scale-out.suite.js";

let db: TestPostgres;
beforeAll(async () => {
  db = await openTestPostgres({ poolSize: 8 });
});
afterAll(async () => {
  await db.dispose();
});

describeCounterStoreContract(
  "SqlCounterStore on PostgreSQL",
  () => Promise.resolve(new SqlCounterStore(db.sql)),
  () => Promise.resolve(),
);

describeCounterStoreAcrossInstances("SqlCounterStore on PostgreSQL", async () => {
  const clients = await Promise.all(
    [1, 2, 3].map(() => PgSqlClient.open({ url: db.url, schema: db.schema, poolSize: 4 })),
  );
  return {
    stores: clients.map((c) => new SqlCounterStore(c)),
    dispose: async () => {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
});
