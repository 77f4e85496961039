import pg from "pg";
import { OfferkitError } from "@offerkit/core";
import type { SqlClient, SqlExecutor } from "../types.js";
import { PgNotificationListener } from "./pg-notification-listener.js";
import { quoteIdentifier } from "./identifiers.js";
import { isUniqueViolation } from "./postgres-errors.js";

export interface PgSqlClientOptions {
  url: string;
  /** Schema for every table (created if missing); default public. */
  schema?: string | undefined;
  poolSize?: number | undefined;
  /** How long to wait for a connection before failing; default 5 s. */
  connectTimeoutMs?: number | undefined;
}

const INT8_OID = 20;

/**
 * int8 as a JS number, like PGlite does, so both adapters return the same row shapes.
 * (Our int8 columns hold counts and epoch milliseconds, far below 2^53.)
 */
const sameTypesAsPglite = {
  getTypeParser: ((oid: number, format?: "text" | "binary"): ((value: string) => unknown) =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : (pg.types.getTypeParser(oid, format) as (
          value: string,
        ) => unknown)) as typeof pg.types.getTypeParser,
};

/** SqlClient over a pg Pool; LISTEN uses a dedicated connection that reconnects. */
export class PgSqlClient implements SqlClient {
  readonly dialect = "postgres" as const;
  private readonly listeners = new Set<PgNotificationListener>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly connectionConfig: pg.ClientConfig,
  ) {}

  static async open(options: PgSqlClientOptions): Promise<PgSqlClient> {
    const schema = options.schema ?? "public";
    const connectionConfig: pg.ClientConfig = {
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      types: sameTypesAsPglite,
      options: `-c search_path=${quoteIdentifier(schema)}`,
    };
    const pool = new pg.Pool({ ...connectionConfig, max: options.poolSize ?? 10 });
    // An idle client losing its connection (server restart) must not crash the process; the next
    // query gets a fresh connection.
    pool.on("error", () => undefined);
    const client = new PgSqlClient(pool, connectionConfig);
    try {
      if (schema !== "public") await client.createSchema(schema);
      else await client.query("SELECT 1");
    } catch (error) {
      await pool.end();
      throw new OfferkitError(
        "UNAVAILABLE",
        `cannot use PostgreSQL at ${redactUrl(options.url)}: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
    return client;
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
    statementName?: string,
  ): Promise<Row[]> {
    const values = [...params];
    return (
      await (statementName === undefined
        ? this.pool.query(sql, values)
        : this.pool.query({ name: statementName, text: sql, values }))
    ).rows as Row[];
  }

  async execute(
    sql: string,
    params: readonly unknown[] = [],
    statementName?: string,
  ): Promise<number> {
    const values = [...params];
    const result = await (statementName === undefined
      ? this.pool.query(sql, values)
      : this.pool.query({ name: statementName, text: sql, values }));
    return result.rowCount ?? 0;
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await fn({
        query: async <Row = Record<string, unknown>>(
          sql: string,
          params: readonly unknown[] = [],
        ) => (await client.query(sql, [...params])).rows as Row[],
      });
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        // The connection is unusable; drop it from the pool instead of returning it.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async listen(
    channel: string,
    onPayload: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    const listener = new PgNotificationListener(this.connectionConfig, channel, onPayload);
    await listener.start();
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
      await listener.stop();
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.listeners].map((l) => l.stop()));
    this.listeners.clear();
    await this.pool.end();
  }

  private async createSchema(schema: string): Promise<void> {
    try {
      await this.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    } catch (error) {
      // Two instances creating the schema at once: the loser sees a unique violation; the schema exists.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
