import { PGlite } from "@electric-sql/pglite";
import type { SqlClient, SqlExecutor } from "../types.js";

type PgliteLike = Pick<PGlite, "query" | "transaction" | "listen" | "close">;

/**
 * SqlClient over PGlite (PostgreSQL in WebAssembly). PGlite is a single connection: queries and
 * transactions are queued by PGlite itself, so transactions never interleave.
 */
export class PgliteSqlClient implements SqlClient {
  readonly dialect = "pglite" as const;

  constructor(private readonly db: PgliteLike) {}

  /** Opens (or creates) a database in a data folder; "memory://" for an in-memory one. */
  static async open(dataDir: string): Promise<PgliteSqlClient> {
    return new PgliteSqlClient(await PGlite.create(dataDir));
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<Row[]> {
    return (await this.db.query<Row>(sql, [...params])).rows;
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.db.query(sql, [...params])).affectedRows ?? 0;
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      fn({
        query: async <Row = Record<string, unknown>>(
          sql: string,
          params: readonly unknown[] = [],
        ) => (await tx.query<Row>(sql, [...params])).rows,
      }),
    );
  }

  async listen(
    channel: string,
    onPayload: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    const unlisten = await this.db.listen(channel, onPayload);
    return async () => {
      await unlisten();
    };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
