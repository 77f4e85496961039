import { randomBytes } from "node:crypto";
import pg from "pg";
import { PgSqlClient } from "../sql/pg-client.js";
import { migrate } from "../sql/migrate.js";
import { quoteIdentifier } from "../sql/identifiers.js";

export const TEST_PG_URL =
  process.env["OFFERKIT_TEST_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestPostgres {
  url: string;
  schema: string;
  sql: PgSqlClient;
  /** Closes the client and drops the schema. */
  dispose(): Promise<void>;
}

/**
 * A migrated, empty schema of its own on the test PostgreSQL, so parallel runs never collide.
 * Fails (never skips) with a message that says how to start PostgreSQL when it is not reachable.
 */
export async function openTestPostgres(options: { poolSize?: number } = {}): Promise<TestPostgres> {
  await assertPostgresReachable(TEST_PG_URL);
  const schema = `offerkit_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const sql = await PgSqlClient.open({ url: TEST_PG_URL, schema, poolSize: options.poolSize ?? 4 });
  await migrate(sql);
  return {
    url: TEST_PG_URL,
    schema,
    sql,
    dispose: async () => {
      await sql.close();
      await dropSchema(TEST_PG_URL, schema);
    },
  };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

async function assertPostgresReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${url} (${error instanceof Error ? error.message || error.name : String(error)}). ` +
        "These tests need it: start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, " +
        "or point OFFERKIT_TEST_PG_URL at one.",
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
