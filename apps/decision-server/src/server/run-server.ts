import { bootstrapAdminKey } from "../bootstrap/bootstrap-admin-key.js";
import { seedDemoLibrary } from "../bootstrap/seed-demo-library.js";
import { JsonLogger } from "../ops/json-logger.js";
import { createStores } from "../store/create-stores.js";
import type { Stores } from "../store/types.js";
import {
  SERVER_VERSION,
  startDecisionServer,
  type RunningDecisionServer,
} from "./decision-server.js";
import type { ServeSettings } from "./env-config.js";
import { emailSigningKeysFor } from "./email-signing-keys.js";

export interface RunningOfferkit {
  server: RunningDecisionServer;
  stores: Stores;
  /** Graceful: drain requests, flush events, close the stores. */
  stop(): Promise<void>;
}

export interface RunServerIo {
  /** Human-readable banner (stderr by default; stdout carries the JSON logs). */
  print(line: string): void;
  logger?: JsonLogger;
}

/** The product start: open the stores, seed the demo library and a first admin key if new, serve. */
export async function runServer(
  settings: ServeSettings,
  io: RunServerIo = { print: (l) => void process.stderr.write(`${l}\n`) },
): Promise<RunningOfferkit> {
  const logger = io.logger ?? new JsonLogger();
  const stores = await createStores(settings.stores);
  try {
    const seededVersion = settings.seedDemo ? await seedDemoLibrary(stores.library) : undefined;
    const adminKey = await bootstrapAdminKey(stores.apiKeys);
    const email = await emailSigningKeysFor(settings);
    const server = await startDecisionServer({
      stores,
      host: settings.host,
      port: settings.port,
      publicMetrics: settings.publicMetrics,
      requestLogs: settings.requestLogs,
      decisionEventProfile: settings.decisionEventProfile,
      corsOrigins: settings.corsOrigins,
      logger,
      emailSigningKeys: email.keys,
      ...(settings.defaultRateLimit
        ? { defaultRateLimit: { requestsPerSecond: settings.defaultRateLimit } }
        : {}),
    });
    logger.info("listening", { url: server.url, libraryVersion: server.engine.libraryVersion });
    logger.flush();
    const storeText = settings.stores.databaseUrl
      ? `PostgreSQL ${redactUrl(settings.stores.databaseUrl)}`
      : `PGlite in ${settings.stores.dataDir ?? "memory"}`;
    io.print(
      [
        `offerkit decision server ${SERVER_VERSION}`,
        `  UI         ${server.url}/ui/  (Offer Library; sign in with the admin key)`,
        `  API        ${server.url}/v1`,
        `  OpenAPI    ${server.url}/v1/openapi.json`,
        `  Health     ${server.url}/healthz  ${server.url}/readyz`,
        `  Metrics    ${server.url}/metrics${settings.publicMetrics ? "" : " (admin key)"}`,
        `  Store      ${storeText}; counters: ${settings.stores.counters ?? "memory"}`,
        `  Library    version ${server.engine.libraryVersion}${seededVersion === undefined ? "" : " (demo library seeded)"}`,
        `  Email      links signed with key "${email.keys[0]!.id}" (${email.source}); tracking at ${server.url}/v1/email/…`,
        ...(adminKey === undefined
          ? []
          : [
              `  Admin key  ${adminKey}`,
              "             shown once, stored hashed; keep it. More keys: offerkit keys create --name <n> --scopes decide,track",
              `  Try        curl -s -X POST ${server.url}/v1/decisions -H "authorization: Bearer ${adminKey}" -H "content-type: application/json" \\`,
              `               -d '{"profile":{"id":"cust-ana","attributes":{"tenureDays":800,"loyalty":{"tier":"gold"},"interests":["running"]}},"scopes":[{"decisionId":"homepage","placementId":"web-hero"}]}'`,
            ]),
      ].join("\n"),
    );
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        await server.close();
        await stores.close();
        logger.info("stopped");
        logger.flush();
      })());
    return { server, stores, stop };
  } catch (error) {
    await stores.close();
    throw error;
  }
}

/** SIGTERM / SIGINT → graceful stop, then exit; a second signal exits at once. */
export function stopOnSignals(
  running: RunningOfferkit,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let signalled = false;
  const onSignal = (): void => {
    if (signalled) exit(130);
    signalled = true;
    running
      .stop()
      .then(() => exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        exit(1);
      });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}
