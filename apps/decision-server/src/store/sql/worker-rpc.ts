import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: Record<string, unknown>;
}

/**
 * Calls into a worker thread that answers `{ id, ok, value | error }` per message (the database
 * threads: pglite-worker.mjs, pg-writer-worker.mjs). Idle, the thread does not keep the process alive;
 * a call in flight does. Errors come back with their fields (code, detail…), so callers can tell them
 * apart as if the call had been made in this thread.
 */
export class WorkerRpc {
  readonly #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  #nextId = 1;
  #closed: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    onNotify: (message: { notify: number; payload: string }) => void,
  ) {
    worker.on("message", (message: Reply | { notify: number; payload: string }) => {
      if ("notify" in message) {
        onNotify(message);
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
    worker.on("exit", () => failAll(new Error("the database thread has stopped")));
  }

  /** Starts `file` (next to the calling module) and resolves once it reports ready. */
  static async start(
    file: URL,
    workerData: unknown,
    onNotify: (message: { notify: number; payload: string }) => void = () => undefined,
  ): Promise<WorkerRpc> {
    const worker = new Worker(fileURLToPath(file), { workerData });
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
          exit: (code) => reject(new Error(`the database thread exited (${code})`)),
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
    worker.unref();
    return new WorkerRpc(worker, onNotify);
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  call(message: Record<string, unknown>): Promise<unknown> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Asks the thread to close (`{ op: "close" }`), then stops it. */
  async close(): Promise<void> {
    if (this.#closed !== undefined) return;
    await this.call({ op: "close" }).catch(() => undefined);
    await this.worker.terminate();
  }
}

function rebuildError(plain: Record<string, unknown>): Error {
  const error = new Error(typeof plain.message === "string" ? plain.message : "database error");
  Object.assign(error, plain);
  return error;
}
