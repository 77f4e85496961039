import { mkdtemp, rm } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOfferLibraryHandler } from "../../server/index.js";
import { createStores, JsonLogger, startDecisionServer } from "./decision-server.js";

export interface LibraryApp {
  /** The UI's URL (…/ui/), same origin as the API. */
  uiUrl: string;
  adminKey: string;
  readOnlyKey: string;
  /** Calls the API with the admin key; throws on non-2xx. */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ body: T; etag: string | undefined }>;
  close(): Promise<void>;
}

/**
 * A real decision server on a temporary PGlite folder, fronted the way the lead will wire it: the
 * UI's static handler answers /ui/*, everything else goes to the decision server.
 */
export async function startLibraryApp(uiDir: string): Promise<LibraryApp> {
  const dataDir = await mkdtemp(join(tmpdir(), "offer-library-db-"));
  const stores = await createStores({ dataDir, counters: "memory" });
  const { key: adminKey } = await stores.apiKeys.create({ name: "ui admin", scopes: ["admin"] });
  const { key: readOnlyKey } = await stores.apiKeys.create({
    name: "ui reader",
    scopes: ["library:read"],
  });
  const server = await startDecisionServer({
    stores,
    port: 0,
    host: "127.0.0.1",
    logger: new JsonLogger(() => {}),
    libraryPollIntervalMs: 200,
    batchDir: join(dataDir, "batch"),
  });
  const target = new URL(server.url);
  const serveUi = createOfferLibraryHandler({ root: uiDir, mountPath: "/ui" });

  const front: Server = createServer((req, res) => {
    void serveUi(req, res).then((handled) => {
      if (handled) return;
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.writeHead(502).end());
      req.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const address = front.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  const origin = `http://127.0.0.1:${address.port}`;

  const api = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return {
      body: (text === "" ? undefined : JSON.parse(text)) as T,
      etag: response.headers.get("etag")?.replace(/"/g, ""),
    };
  };

  return {
    uiUrl: `${origin}/ui/`,
    adminKey,
    readOnlyKey,
    api,
    close: async () => {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await server.close();
      await stores.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
