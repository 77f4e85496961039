import type { SqlClient, SqlExecutor } from "../types.js";
import { WorkerRpc } from "./worker-rpc.js";

interface QueryResult {
  rows: unknown[];
  affectedRows: number;
}

/**
 * The embedded database (PGlite) on its own thread. PGlite is PostgreSQL compiled to WebAssembly and
 * runs synchronously where it is called: in the server's thread every group commit of decision events
 * stopped all requests for as long as the INSERT took. On a worker thread it uses another core, like a
 * PostgreSQL server would, and the event loop only pays for a message per statement.
 * Same semantics as PgliteSqlClient (one connection; a transaction holds it until it ends).
 */
export class PgliteWorkerClient implements SqlClient {
  readonly dialect = "pglite" as const;

  private constructor(
    private readonly rpc: WorkerRpc,
    private readonly listeners: Map<number, (payload: string) => void>,
  ) {}

  /** Opens (or creates) a database in a data folder ("memory://" for an in-memory one) on a new thread. */
  static async open(dataDir: string): Promise<PgliteWorkerClient> {
    const listeners = new Map<number, (payload: string) => void>();
    const rpc = await WorkerRpc.start(
      new URL("./pglite-worker.mjs", import.meta.url),
      { dataDir },
      (m) => listeners.get(m.notify)?.(m.payload),
    );
    return new PgliteWorkerClient(rpc, listeners);
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<Row[]> {
    return ((await this.rpc.call({ op: "query", sql, params })) as QueryResult).rows as Row[];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    return ((await this.rpc.call({ op: "query", sql, params })) as QueryResult).affectedRows;
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const txId = (await this.rpc.call({ op: "begin" })) as number;
    let result: T;
    try {
      result = await fn({
        query: async <Row = Record<string, unknown>>(
          sql: string,
          params: readonly unknown[] = [],
        ) =>
          ((await this.rpc.call({ op: "txQuery", txId, sql, params })) as QueryResult)
            .rows as Row[],
      });
    } catch (error) {
      await this.rpc.call({ op: "end", txId, commit: false }).catch(() => undefined);
      throw error;
    }
    await this.rpc.call({ op: "end", txId, commit: true });
    return result;
  }

  async listen(
    channel: string,
    onPayload: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    const listenId = (await this.rpc.call({ op: "listen", channel })) as number;
    this.listeners.set(listenId, onPayload);
    return async () => {
      this.listeners.delete(listenId);
      if (!this.rpc.closed) await this.rpc.call({ op: "unlisten", listenId });
    };
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
