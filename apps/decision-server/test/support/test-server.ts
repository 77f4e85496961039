import { randomBytes } from "node:crypto";
import pg from "pg";
import type { LibraryBundleInput } from "@offerkit/core";
import { createStores } from "../../src/store/create-stores.js";
import type { CounterBackend, Stores } from "../../src/store/types.js";
import {
  startDecisionServer,
  type DecisionServerOptions,
  type RunningDecisionServer,
} from "../../src/server/decision-server.js";
import { JsonLogger } from "../../src/ops/json-logger.js";

export const TEST_PG_URL =
  process.env.OFFERKIT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const TEST_REDIS_URL = process.env.OFFERKIT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON (or the text when it is not JSON). */
  body: any;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (malformed JSON, other content types). */
  rawBody?: string | Uint8Array;
  /** undefined → the admin key; null → no Authorization header. */
  key?: string | null;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  adminKey: string;
  stores: Stores;
  server: RunningDecisionServer;
  logs: string[];
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  createKey(
    scopes: string[],
    rateLimit?: { requestsPerSecond: number; burst?: number },
  ): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  counters?: CounterBackend;
  library?: LibraryBundleInput;
  server?: Partial<Omit<DecisionServerOptions, "stores">>;
}

/**
 * A real server on a real store: its own schema on the test PostgreSQL (and its own key prefix on the
 * test Redis), an admin key, and an optional library. Fails when PostgreSQL is not reachable.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const runId = randomBytes(4).toString("hex");
  const schema = `offerkit_api_${process.pid}_${runId}`;
  const stores = await createStores({
    databaseUrl: TEST_PG_URL,
    schema,
    counters: options.counters ?? "memory",
    redisUrl: TEST_REDIS_URL,
    redisKeyPrefix: `offerkit-test-${runId}:`,
    poolSize: 4,
  });
  if (options.library) await stores.library.importBundle(options.library, { mode: "replace" });
  const { key: adminKey } = await stores.apiKeys.create({ name: "test admin", scopes: ["admin"] });
  const logs: string[] = [];
  const server = await startDecisionServer({
    stores,
    port: 0,
    logger: new JsonLogger((chunk) => void logs.push(...chunk.trimEnd().split("\n"))),
    libraryPollIntervalMs: 200,
    ...options.server,
  });
  const request = async (
    method: string,
    path: string,
    r: RequestOptions = {},
  ): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...r.headers };
    const key = r.key === undefined ? adminKey : r.key;
    if (key !== null) headers.authorization ??= `Bearer ${key}`;
    let body: string | Uint8Array | undefined = r.rawBody;
    if (r.body !== undefined) {
      body = JSON.stringify(r.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
  return {
    url: server.url,
    adminKey,
    stores,
    server,
    logs,
    request,
    createKey: async (scopes, rateLimit) =>
      (
        await stores.apiKeys.create({
          name: `test ${scopes.join(",")}`,
          scopes,
          ...(rateLimit ? { rateLimit } : {}),
        })
      ).key,
    close: async () => {
      await server.close();
      await stores.close();
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
