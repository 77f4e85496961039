import { parseArgs } from "node:util";
import {
  JsonLogger,
  parseDecisionEventProfile,
  parsePort,
  runServer,
  settingsFromEnv,
  type ServeSettings,
} from "@offerkit/decision-server";
import type { CliIo } from "../cli-io.js";
import { reportError } from "../cli-error.js";
import { STORE_OPTIONS, STORE_USAGE, storesConfigFrom } from "../common-options.js";

export const SERVE_USAGE = `offerkit serve [--port 3000] [--host 127.0.0.1] ${STORE_USAGE}
               [--no-seed] [--public-metrics] [--cors-origin URL]… [--rate-limit N] [--quiet]
               [--decision-event-profile full|none]

Runs the decision server. On first start it seeds the demo library and prints an admin key once.`;

export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...STORE_OPTIONS,
      port: { type: "string" },
      host: { type: "string" },
      "no-seed": { type: "boolean" },
      "public-metrics": { type: "boolean" },
      "cors-origin": { type: "string", multiple: true },
      "rate-limit": { type: "string" },
      quiet: { type: "boolean" },
      "decision-event-profile": { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const fromEnv = settingsFromEnv(io.env);
  const settings: ServeSettings = {
    ...fromEnv,
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.port !== undefined ? { port: parsePort(values.port, "--port") } : {}),
    stores: storesConfigFrom(values, io),
    seedDemo: values["no-seed"] === true ? false : fromEnv.seedDemo,
    publicMetrics: values["public-metrics"] === true || fromEnv.publicMetrics,
    requestLogs: values.quiet === true ? false : fromEnv.requestLogs,
    decisionEventProfile:
      values["decision-event-profile"] !== undefined
        ? parseDecisionEventProfile(values["decision-event-profile"], "--decision-event-profile")
        : fromEnv.decisionEventProfile,
    corsOrigins: values["cors-origin"] ?? fromEnv.corsOrigins,
    defaultRateLimit:
      values["rate-limit"] !== undefined ? Number(values["rate-limit"]) : fromEnv.defaultRateLimit,
  };
  const logger = new JsonLogger(
    (chunk) => void io.stdout.write(chunk),
    values.quiet === true ? "warn" : "info",
  );
  const running = await runServer(settings, {
    print: (line) => void io.stderr.write(`${line}\n`),
    logger,
  });
  return new Promise<number>((resolve) => {
    io.onStopSignal?.(() => {
      running.stop().then(
        () => resolve(0),
        (error: unknown) => resolve(reportError(io, error)),
      );
    });
  });
}
