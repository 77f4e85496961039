import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { SqlClient, SqlExecutor } from "../types.js";

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: Record<string, unknown>;
}

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
  readonly #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  readonly #listeners = new Map<number, (payload: string) => void>();
  #nextId = 1;
  #closed: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (message: Reply | { notify: number; payload: string }) => {
      if ("notify" in message) {
        this.#listeners.get(message.notify)?.(message.payload);
        return;
      }
      const pending = this.#pending.get(message.id);
      if (pending === undefined) return;
      this.#pending.delete(message.id);
      if (this.#pending.size === 0) this.worker.unref();
      if (message.ok) pending.resolve(message.value);
      else pending.reject(rebuildError(message.error ?? {}));
    });
    const failAll = (error: Error): void => {
      this.#closed ??= error;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on("error", failAll);
    worker.on("exit", () => failAll(new Error("the embedded database thread has stopped")));
  }

  /** Opens (or creates) a database in a data folder ("memory://" for an in-memory one) on a new thread. */
  static async open(dataDir: string): Promise<PgliteWorkerClient> {
    const worker = new Worker(workerFile(), { workerData: { dataDir } });
    let settle: {
      ready: (m: unknown) => void;
      error: (e: Error) => void;
      exit: (c: number) => void;
    };
    const ready = await new Promise<{ ready: boolean; error?: Record<string, unknown> }>(
      (resolve, reject) => {
        settle = {
          ready: (message) => resolve(message as { ready: boolean }),
          error: reject,
          exit: (code) => reject(new Error(`the embedded database thread exited (${code})`)),
        };
        worker.once("message", settle.ready).once("error", settle.error).once("exit", settle.exit);
      },
    ).finally(() => {
      // Only these three: Worker keeps listeners of its own on itself.
      worker.off("message", settle.ready).off("error", settle.error).off("exit", settle.exit);
    });
    if (!ready.ready) {
      await worker.terminate();
      throw rebuildError(ready.error ?? {});
    }
    // Idle, the thread does not keep the process alive (like an in-thread PGlite); a statement in
    // flight does (see #call).
    worker.unref();
    return new PgliteWorkerClient(worker);
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<Row[]> {
    return ((await this.#call({ op: "query", sql, params })) as QueryResult).rows as Row[];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    return ((await this.#call({ op: "query", sql, params })) as QueryResult).affectedRows;
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const txId = (await this.#call({ op: "begin" })) as number;
    let result: T;
    try {
      result = await fn({
        query: async <Row = Record<string, unknown>>(
          sql: string,
          params: readonly unknown[] = [],
        ) =>
          ((await this.#call({ op: "txQuery", txId, sql, params })) as QueryResult).rows as Row[],
      });
    } catch (error) {
      await this.#call({ op: "end", txId, commit: false }).catch(() => undefined);
      throw error;
    }
    await this.#call({ op: "end", txId, commit: true });
    return result;
  }

  async listen(
    channel: string,
    onPayload: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    const listenId = (await this.#call({ op: "listen", channel })) as number;
    this.#listeners.set(listenId, onPayload);
    return async () => {
      this.#listeners.delete(listenId);
      if (this.#closed === undefined) await this.#call({ op: "unlisten", listenId });
    };
  }

  async close(): Promise<void> {
    if (this.#closed !== undefined) return;
    await this.#call({ op: "close" }).catch(() => undefined);
    await this.worker.terminate();
  }

  #call(message: Record<string, unknown>): Promise<unknown> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }
}

/** The worker's error with its fields (code, detail, …) so callers can tell errors apart as before. */
function rebuildError(plain: Record<string, unknown>): Error {
  const error = new Error(typeof plain.message === "string" ? plain.message : "database error");
  Object.assign(error, plain);
  return error;
}

/** Next to this module in the sources, next to the bundle in the build (tsup.config.ts copies it). */
function workerFile(): string {
  return fileURLToPath(new URL("./pglite-worker.mjs", import.meta.url));
}
