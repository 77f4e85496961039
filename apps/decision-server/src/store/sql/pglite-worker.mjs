// The embedded database's thread (see pglite-worker-client.ts): PGlite runs here, so its WebAssembly
// work (every decision event's INSERT) uses another core instead of blocking the server's event loop.
// Plain JavaScript on purpose: a worker thread is started from a file and must load without a
// TypeScript loader, in the sources (tests, tsx) as in the build (copied next to the bundle).
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

/** Messages: {id, op, ...}; every op is answered with {id, ok: true, value} or {id, ok: false, error}. */
const port = parentPort;
let db;
const transactions = new Map(); // txId → { tx, finish(commit) }
const unlisteners = new Map(); // listenId → unlisten()
let nextId = 1;

/** Errors cross threads as plain objects; the client rebuilds them with the same fields (code, detail…). */
function plainError(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const plain = { message: error.message, name: error.name };
  for (const key of Object.keys(error)) {
    const value = error[key];
    if (value === null || ["string", "number", "boolean"].includes(typeof value))
      plain[key] = value;
  }
  return plain;
}

const reply = (id, value) => port.postMessage({ id, ok: true, value });
const fail = (id, error) => port.postMessage({ id, ok: false, error: plainError(error) });

/** Rows and the affected-row count, the two things SqlClient needs from a result. */
const resultOf = (result) => ({ rows: result.rows, affectedRows: result.affectedRows ?? 0 });

class Rollback extends Error {}

function begin(id) {
  const txId = nextId++;
  db.transaction(
    (tx) =>
      new Promise((resolve, reject) => {
        transactions.set(txId, {
          tx,
          finish: (commit) => (commit ? resolve() : reject(new Rollback())),
        });
        reply(id, txId);
      }),
  ).then(
    () => settle(txId, undefined),
    (error) => settle(txId, error instanceof Rollback ? undefined : error),
  );
}

/** The end request waits for PGlite's COMMIT or ROLLBACK to finish before it is answered. */
const ending = new Map(); // txId → request id
function settle(txId, error) {
  const id = ending.get(txId);
  ending.delete(txId);
  transactions.delete(txId);
  if (id === undefined) return;
  if (error === undefined) reply(id, null);
  else fail(id, error);
}

async function handle(message) {
  const { id, op } = message;
  try {
    switch (op) {
      case "query":
        return reply(id, resultOf(await db.query(message.sql, message.params)));
      case "begin":
        return begin(id);
      case "txQuery": {
        const open = transactions.get(message.txId);
        if (open === undefined) throw new Error("transaction is already finished");
        return reply(id, resultOf(await open.tx.query(message.sql, message.params)));
      }
      case "end": {
        const open = transactions.get(message.txId);
        if (open === undefined) throw new Error("transaction is already finished");
        ending.set(message.txId, id);
        return open.finish(message.commit);
      }
      case "listen": {
        const listenId = nextId++;
        const unlisten = await db.listen(message.channel, (payload) =>
          port.postMessage({ notify: listenId, payload }),
        );
        unlisteners.set(listenId, unlisten);
        return reply(id, listenId);
      }
      case "unlisten": {
        const unlisten = unlisteners.get(message.listenId);
        unlisteners.delete(message.listenId);
        if (unlisten !== undefined) await unlisten();
        return reply(id, null);
      }
      case "close":
        await db.close();
        reply(id, null);
        return port.close();
      default:
        throw new Error(`unknown operation ${String(op)}`);
    }
  } catch (error) {
    fail(id, error);
  }
}

try {
  db = await PGlite.create(workerData.dataDir);
  port.on("message", (message) => void handle(message));
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: plainError(error) });
}
