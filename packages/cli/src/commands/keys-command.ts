import { parseArgs } from "node:util";
import {
  API_KEY_SCOPES,
  createStores,
  type ApiKeyInfo,
  type ApiKeyScope,
} from "@offerkit/decision-server";
import type { CliIo } from "../cli-io.js";
import { UsageError } from "../cli-error.js";
import {
  SERVER_OPTIONS,
  SERVER_USAGE,
  STORE_OPTIONS,
  STORE_USAGE,
  serverClientFrom,
  storesConfigFrom,
} from "../common-options.js";
import type { ServerClient } from "../server-client.js";

export const KEYS_USAGE = `offerkit keys create --name NAME --scopes decide,track,library:read,library:write,admin [--rate-limit N [--burst N]]
offerkit keys list
offerkit keys revoke <key-id>
  each with ${STORE_USAGE} or ${SERVER_USAGE} (an admin key)

Keys are stored hashed: create prints the key once. On the store directly (stop an embedded server
first: PGlite allows one process per folder) or through a running server with an admin key. A running
server accepts a new key at once and refuses a revoked one within 5 s (at once on the instance that
revoked it).`;

/** The three operations, on the store or through the server's /v1/keys. */
interface KeyOperations {
  create(input: unknown): Promise<{ key: string; info: ApiKeyInfo }>;
  list(): Promise<ApiKeyInfo[]>;
  revoke(id: string): Promise<ApiKeyInfo>;
  close(): Promise<void>;
}

function throughServer(client: ServerClient): KeyOperations {
  return {
    create: (input) => client.request("POST", "/v1/keys", input),
    list: async () => (await client.request<{ items: ApiKeyInfo[] }>("GET", "/v1/keys")).items,
    revoke: (id) => client.request("DELETE", `/v1/keys/${encodeURIComponent(id)}`),
    close: () => Promise.resolve(),
  };
}

export async function keysCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "create" && sub !== "list" && sub !== "revoke") {
    throw new UsageError(
      sub === undefined ? "keys needs a subcommand" : `unknown keys subcommand "${sub}"`,
    );
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      ...STORE_OPTIONS,
      ...SERVER_OPTIONS,
      name: { type: "string" },
      scopes: { type: "string" },
      "rate-limit": { type: "string" },
      burst: { type: "string" },
      json: { type: "boolean" },
    },
    strict: true,
    allowPositionals: sub === "revoke",
  });
  const createInput = sub === "create" ? parseCreate(values) : undefined;
  const client = serverClientFrom(values, io);
  let keys: KeyOperations;
  if (client !== undefined) {
    keys = throughServer(client);
  } else {
    const stores = await createStores({ ...storesConfigFrom(values, io), counters: "memory" });
    keys = {
      create: (i) => stores.apiKeys.create(i),
      list: () => stores.apiKeys.list(),
      revoke: (id) => stores.apiKeys.revoke(id),
      close: () => stores.close(),
    };
  }
  try {
    if (createInput !== undefined) {
      const { key, info } = await keys.create(createInput);
      io.stdout.write(values.json ? `${JSON.stringify({ key, info })}\n` : `${key}\n`);
      io.stderr.write(
        `created key ${info.id} "${info.name}" with scopes ${info.scopes.join(", ")}; it is shown only now\n`,
      );
    } else if (sub === "list") {
      const infos = await keys.list();
      io.stdout.write(values.json ? `${JSON.stringify(infos)}\n` : keyTable(infos));
    } else {
      const id = positionals[0];
      if (positionals.length !== 1 || id === undefined)
        throw new UsageError("keys revoke needs exactly one key id");
      const info = await keys.revoke(id);
      io.stdout.write(`revoked ${info.id} "${info.name}" at ${info.revokedAt ?? "?"}\n`);
    }
    return 0;
  } finally {
    await keys.close();
  }
}

function parseCreate(values: {
  name?: string | undefined;
  scopes?: string | undefined;
  "rate-limit"?: string | undefined;
  burst?: string | undefined;
}) {
  if (values.name === undefined) throw new UsageError("keys create needs --name");
  if (values.scopes === undefined)
    throw new UsageError(`keys create needs --scopes (any of ${API_KEY_SCOPES.join(", ")})`);
  const scopes = values.scopes
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const scope of scopes) {
    if (!(API_KEY_SCOPES as readonly string[]).includes(scope))
      throw new UsageError(`unknown scope "${scope}" (scopes: ${API_KEY_SCOPES.join(", ")})`);
  }
  const rate = values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]);
  if (rate !== undefined && !(rate > 0))
    throw new UsageError("--rate-limit must be a positive number of requests per second");
  const burst = values.burst === undefined ? undefined : Number(values.burst);
  if (burst !== undefined && !(Number.isInteger(burst) && burst > 0))
    throw new UsageError("--burst must be a positive integer");
  return {
    name: values.name,
    scopes: scopes as ApiKeyScope[],
    ...(rate === undefined
      ? {}
      : { rateLimit: { requestsPerSecond: rate, ...(burst === undefined ? {} : { burst }) } }),
  };
}

function keyTable(keys: ApiKeyInfo[]): string {
  if (keys.length === 0) return "no keys\n";
  const rows = keys.map((k) => [
    k.id,
    k.name,
    k.scopes.join(","),
    k.rateLimit ? `${k.rateLimit.requestsPerSecond}/s` : "-",
    k.createdAt,
    k.revokedAt ? `revoked ${k.revokedAt}` : "active",
  ]);
  const header = ["id", "name", "scopes", "rate", "created", "state"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}
