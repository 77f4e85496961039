import { randomBytes } from "node:crypto";
import { MemoryCounterStore, type LibraryBundleInput } from "@offerkit/core";
import { SqlApiKeyStore } from "../api-keys/sql-api-key-store.js";
import { SqlEventStore } from "../events/sql-event-store.js";
import { SqlLibraryStore } from "../library/sql-library-store.js";
import type { Stores } from "../types.js";
import type { OpenedBackend, SqlBackend } from "./sql-backends.js";
import { JsonLogger } from "../../ops/json-logger.js";
import {
  startDecisionServer,
  type DecisionServerOptions,
  type RunningDecisionServer,
} from "../../server/decision-server.js";

export interface ServerOnBackend {
  url: string;
  adminKey: string;
  stores: Stores;
  server: RunningDecisionServer;
  /** fetch with the admin key (or `key`), JSON body when `body` is given. */
  fetch(
    path: string,
    init?: {
      method?: string;
      body?: unknown;
      rawBody?: string | Uint8Array;
      key?: string | null;
      headers?: Record<string, string>;
    },
  ): Promise<Response>;
  /** Stops the server (the database stays open, as across a restart). */
  stop(): Promise<void>;
  /** Starts another server on the same database (a restart). */
  restart(overrides?: Partial<Omit<DecisionServerOptions, "stores">>): Promise<ServerOnBackend>;
  /** Stops the server and disposes of the database. */
  close(): Promise<void>;
}

/**
 * A real decision server over one of the test backends (a PGlite clone or a fresh PostgreSQL schema),
 * memory counters, an admin key and an optional library: what API tests need to run unchanged on both.
 */
export async function startServerOnBackend(
  backend: SqlBackend,
  options: {
    library?: LibraryBundleInput;
    server?: Partial<Omit<DecisionServerOptions, "stores">>;
  } = {},
): Promise<ServerOnBackend> {
  const opened = await backend.open();
  const stores = storesOn(opened);
  if (options.library) await stores.library.importBundle(options.library, { mode: "replace" });
  const { key: adminKey } = await stores.apiKeys.create({ name: "test admin", scopes: ["admin"] });
  const start = async (
    server: Partial<Omit<DecisionServerOptions, "stores">>,
  ): Promise<ServerOnBackend> => {
    const running = await startDecisionServer({
      stores,
      port: 0,
      logger: new JsonLogger(() => undefined),
      libraryPollIntervalMs: 200,
      drainDelayMs: 0,
      ...server,
    });
    return {
      url: running.url,
      adminKey,
      stores,
      server: running,
      fetch: (path, init = {}) => {
        const headers: Record<string, string> = { ...init.headers };
        const key = init.key === undefined ? adminKey : init.key;
        if (key !== null) headers.authorization = `Bearer ${key}`;
        let body: string | Uint8Array | undefined = init.rawBody;
        if (init.body !== undefined) {
          body = JSON.stringify(init.body);
          headers["content-type"] ??= "application/json";
        }
        return fetch(`${running.url}${path}`, {
          method: init.method ?? "GET",
          headers,
          ...(body === undefined ? {} : { body }),
        });
      },
      stop: () => running.close(),
      restart: async (overrides = {}) => start({ ...server, ...overrides }),
      close: async () => {
        await running.close();
        await stores.close();
        await opened.dispose();
      },
    };
  };
  return start(options.server ?? {});
}

function storesOn(opened: OpenedBackend): Stores {
  const { sql } = opened;
  // A channel of its own, so parallel test files on one PostgreSQL never hear each other.
  const library = new SqlLibraryStore({
    sql,
    notifyChannel: `offerkit_test_${randomBytes(6).toString("hex")}`,
  });
  const counters = new MemoryCounterStore();
  return {
    sql,
    library,
    events: new SqlEventStore(sql),
    apiKeys: new SqlApiKeyStore(sql),
    counters,
    ping: async () => {
      await sql.query("SELECT 1");
    },
    close: async () => {
      await library.close();
    },
  };
}
