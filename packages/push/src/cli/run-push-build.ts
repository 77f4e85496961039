import { parseArgs } from "node:util";
import { DecisionEngine, type LibraryBundleInput } from "@offerkit/core";
import { retailDemoLibrary } from "@offerkit/core/demo";
import { firstOfferOf, type PushMessage } from "../message/push-message.js";
import type { ApnsPushType } from "../providers/apns/build-apns-request.js";
import type { WebPushSubscription } from "../providers/webpush/build-web-push-request.js";
import {
  buildProviderRequest,
  PUSH_PROVIDERS,
  type PushProvider,
} from "./build-provider-request.js";
import type { PushCliIo } from "./push-cli-io.js";

export const PUSH_BUILD_USAGE = `usage: offerkit push build --provider apns|fcm|webpush|expo --profile p.json
         --decision <id> --placement <id> [--library lib.json] [--context c.json]
         [--target <token>] [--topic <fcm topic>] [--subscription sub.json] [--locale <tag>]
         [--bundle-id <id>] [--push-type alert|background|voip] [--project-id <id>]
         [--message-id <id>] [--tracking-token <token>] [--now <ISO date>] [--seed <n>]

Decides for the profile (dry run: no caps reserved, no events) and prints the provider request as JSON.
Without --library the Northwind retail demo library is used. The profile file is { id, attributes };
a "locale" attribute (or --locale, or context.locale) picks localized text.`;

const OPTIONS = {
  provider: { type: "string" },
  profile: { type: "string" },
  decision: { type: "string" },
  placement: { type: "string" },
  library: { type: "string" },
  context: { type: "string" },
  target: { type: "string" },
  topic: { type: "string" },
  subscription: { type: "string" },
  locale: { type: "string" },
  "bundle-id": { type: "string" },
  "push-type": { type: "string" },
  "project-id": { type: "string" },
  "message-id": { type: "string" },
  "tracking-token": { type: "string" },
  now: { type: "string" },
  seed: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `offerkit push build …` (argv is what follows `push build`). Returns the exit code: 0 printed,
 * 1 the decision or the build failed, 2 bad usage.
 */
export async function runPushBuild(argv: string[], io: PushCliIo): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${PUSH_BUILD_USAGE}\n`);
    return 2;
  }
  if (values.help === true) {
    io.stdout(`${PUSH_BUILD_USAGE}\n`);
    return 0;
  }
  const provider = values.provider as PushProvider | undefined;
  const missing = (["provider", "profile", "decision", "placement"] as const).filter(
    (k) => values[k] === undefined,
  );
  if (missing.length > 0 || provider === undefined || !PUSH_PROVIDERS.includes(provider)) {
    const problem =
      missing.length > 0
        ? `missing --${missing.join(", --")}`
        : `unknown provider ${String(values.provider)}`;
    io.stderr(`${problem}\n${PUSH_BUILD_USAGE}\n`);
    return 2;
  }
  const pushType = (values["push-type"] ?? "alert") as ApnsPushType;
  if (!["alert", "background", "voip"].includes(pushType)) {
    io.stderr(`--push-type must be alert, background or voip\n`);
    return 2;
  }

  try {
    const now = values.now === undefined ? new Date() : new Date(values.now);
    if (Number.isNaN(now.getTime())) throw new Error(`--now: not a date: ${values.now}`);
    const profile = await readJson<{ id: string; attributes?: Record<string, unknown> }>(
      io,
      values.profile!,
      "profile",
    );
    const context =
      values.context === undefined
        ? {}
        : await readJson<Record<string, unknown>>(io, values.context, "context");
    const library =
      values.library === undefined
        ? retailDemoLibrary
        : await readJson<LibraryBundleInput>(io, values.library, "library");
    const subscription =
      values.subscription === undefined
        ? undefined
        : await readJson<WebPushSubscription>(io, values.subscription, "subscription");

    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed))
      throw new Error(`--seed: not an integer: ${values.seed}`);
    // A seed makes proposition ids, and so the printed request, reproducible.
    const engine = new DecisionEngine({
      library,
      clock: { now: () => now },
      ...(seed === undefined ? {} : { seed }),
    });
    const response = await engine.decide({
      profile,
      context,
      scopes: [{ decisionId: values.decision!, placementId: values.placement! }],
      options: { dryRun: true },
    });
    const scopeError = response.errors[0];
    if (scopeError !== undefined) {
      io.stderr(`${scopeError.code}: ${scopeError.message}\n`);
      return 1;
    }
    const proposition = response.propositions[0];
    const item = proposition === undefined ? undefined : firstOfferOf(proposition);
    if (proposition === undefined || item === undefined) {
      io.stderr("the decision returned no proposition\n");
      return 1;
    }
    const endMs = engine.library.offersById.get(item.offerId)?.endMs;
    const message: PushMessage = {
      proposition,
      item,
      profileId: profile.id,
      messageId: values["message-id"] ?? `msg-${proposition.id}`,
      now,
    };
    const locale =
      values.locale ?? stringField(profile.attributes, "locale") ?? stringField(context, "locale");
    if (locale !== undefined) message.locale = locale;
    if (values["tracking-token"] !== undefined) message.trackingToken = values["tracking-token"];
    if (endMs !== undefined) message.offerEndDate = new Date(endMs);

    const printed = buildProviderRequest(provider, message, {
      target: values.target,
      topic: values.topic,
      subscription,
      bundleId: values["bundle-id"] ?? "com.example.app",
      pushType,
      projectId: values["project-id"] ?? "example-project",
    });
    io.stdout(`${JSON.stringify(printed, null, 2)}\n`);
    io.stderr(
      `${provider}: offer ${item.offerId} (${proposition.reason}), ${printed.byteLength}/${printed.limit} bytes${printed.truncated ? ", text truncated" : ""}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(describeError(error));
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
}

async function readJson<T>(io: PushCliIo, path: string, what: string): Promise<T> {
  const text = await io.readFile(path);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${what} file ${path} is not JSON: ${(error as Error).message}`);
  }
}

function stringField(object: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === "string" ? value : undefined;
}

/** Code, message and located issues (an INVALID_LIBRARY names each problem's path). */
function describeError(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; issues?: unknown };
  let out = `${typeof e.code === "string" ? `${e.code}: ` : ""}${String(e.message ?? error)}\n`;
  if (Array.isArray(e.issues)) {
    for (const issue of e.issues as { path?: unknown; message?: unknown }[]) {
      const path = Array.isArray(issue.path) ? issue.path.join(".") : "";
      out += `  ${path}: ${String(issue.message)}\n`;
    }
  }
  return out;
}
