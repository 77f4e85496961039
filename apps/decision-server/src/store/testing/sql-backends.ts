import type { SqlClient } from "../types.js";
import { openTestPglite } from "./test-pglite.js";
import { openTestPostgres } from "./test-postgres.js";

/** A migrated, empty database for one test file; suites run unchanged against each backend. */
export interface SqlBackend {
  name: string;
  /** Several server instances can share it (PostgreSQL); PGlite is embedded in one process. */
  multiInstance: boolean;
  open(): Promise<OpenedBackend>;
}

export interface OpenedBackend {
  sql: SqlClient;
  /** Another client on the same database, as a second server instance would have (PostgreSQL only). */
  openSecondClient?: () => Promise<SqlClient>;
  dispose(): Promise<void>;
}

export const pgliteBackend: SqlBackend = {
  name: "PGlite",
  multiInstance: false,
  open: async () => {
    const sql = await openTestPglite();
    return { sql, dispose: () => sql.close() };
  },
};

/** What the server opens for a data folder: PGlite on its own thread (a fresh in-memory database). */
export const pgliteWorkerBackend: SqlBackend = {
  name: "PGlite on a worker thread",
  multiInstance: false,
  open: async () => {
    const { PgliteWorkerClient } = await import("../sql/pglite-worker-client.js");
    const { migrate } = await import("../sql/migrate.js");
    const sql = await PgliteWorkerClient.open("memory://");
    await migrate(sql);
    return { sql, dispose: () => sql.close() };
  },
};

export const postgresBackend: SqlBackend = {
  name: "PostgreSQL",
  multiInstance: true,
  open: async () => {
    const db = await openTestPostgres();
    const { PgSqlClient } = await import("../sql/pg-client.js");
    const extra: SqlClient[] = [];
    return {
      sql: db.sql,
      openSecondClient: async () => {
        const client = await PgSqlClient.open({ url: db.url, schema: db.schema, poolSize: 2 });
        extra.push(client);
        return client;
      },
      dispose: async () => {
        await Promise.all(extra.map((c) => c.close()));
        await db.dispose();
      },
    };
  },
};
