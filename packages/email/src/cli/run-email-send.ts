import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import { DecisionEngine } from "@offerkit/core";
import { readRecipients, RecipientInputError } from "../send/recipient-source.js";
import { sendCampaign } from "../send/send-campaign.js";
import { SendLog } from "../send/send-log.js";
import { createSmtpPool, type DkimOptions } from "../send/smtp-pool.js";
import { compileTemplate } from "../template/compile-template.js";
import { EmailLinks } from "../tracking/email-links.js";
import {
  pathIn,
  positiveInt,
  readJsonObject,
  readLibrary,
  signingKeys,
  SIGNING_KEYS_ENV,
} from "./cli-inputs.js";
import { EmailUsageError, type EmailCliIo } from "./email-cli-io.js";
import { HttpDecider } from "./http-decider.js";
import { reportError } from "./run-email-render.js";
import { SendProgress } from "./send-progress.js";

export const EMAIL_SEND_USAGE = `usage: offerkit email send --template t.mjml --recipients r.csv|r.jsonl --smtp smtp://host:port
         --from "Name <news@example.com>" --tracking-base https://t.example.com
         [--campaign id] [--log file] [--library lib.json | --server https://… ] [--context c.json]
         [--max-connections 5] [--max-messages 100] [--rate-limit n --rate-delta ms] [--concurrency 10]
         [--dkim-domain d --dkim-selector s --dkim-key key.pem] [--list-id id] [--subject "…"]
         [--in-doubt resend|skip] [--accepted-ids file] [--open-pixel] [--allow-insecure-tls]

Streams the recipients, decides offers for each (in process with --library, default the demo
library; or through a decision server with --server and OFFERKIT_API_KEY, which also skips
recipients who unsubscribed through the server's one-click link), renders, and sends
through a pooled SMTP connection with List-Unsubscribe one-click headers and optional DKIM.
Signing keys for links come from ${SIGNING_KEYS_ENV} ("keyId:base64urlSecret,…", first active).

Every outcome goes to an fsynced log (default <campaign>.send-log.jsonl). Rerunning the same
command after a crash sends everyone not yet sent and nobody already sent. Recipients whose send
was cut off in flight ("in doubt") are resent with the same Message-ID (--in-doubt resend, the
default), skipped (--in-doubt skip), or settled exactly with --accepted-ids: a file of the
Message-IDs your relay accepted, one per line.`;

const OPTIONS = {
  template: { type: "string" },
  recipients: { type: "string" },
  smtp: { type: "string" },
  from: { type: "string" },
  "reply-to": { type: "string" },
  "tracking-base": { type: "string" },
  "signing-key-id": { type: "string" },
  campaign: { type: "string" },
  log: { type: "string" },
  library: { type: "string" },
  server: { type: "string" },
  context: { type: "string" },
  subject: { type: "string" },
  "max-connections": { type: "string" },
  "max-messages": { type: "string" },
  "rate-limit": { type: "string" },
  "rate-delta": { type: "string" },
  concurrency: { type: "string" },
  "dkim-domain": { type: "string" },
  "dkim-selector": { type: "string" },
  "dkim-key": { type: "string" },
  "list-id": { type: "string" },
  "message-id-domain": { type: "string" },
  "in-doubt": { type: "string" },
  "accepted-ids": { type: "string" },
  "allow-insecure-tls": { type: "boolean" },
  "open-pixel": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `offerkit email send …`: exit 0 all sent, 1 some failed (or a fatal error), 2 bad usage, 130 stopped. */
export async function runEmailSend(argv: string[], io: EmailCliIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: false,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(`${EMAIL_SEND_USAGE}\n`);
      return 0;
    }
    const missing = (["template", "recipients", "smtp", "from", "tracking-base"] as const).filter(
      (k) => values[k] === undefined,
    );
    if (missing.length > 0) throw new EmailUsageError(`missing --${missing.join(", --")}`);
    const templatePath = values.template!;
    const recipientsPath = pathIn(io, values.recipients!);
    const inDoubt = values["in-doubt"] ?? "resend";
    if (inDoubt !== "resend" && inDoubt !== "skip")
      throw new EmailUsageError("--in-doubt is resend or skip");
    const dkim = dkimOptions(
      values["dkim-domain"],
      values["dkim-selector"],
      values["dkim-key"] === undefined
        ? undefined
        : await readText(io, values["dkim-key"], "DKIM key"),
    );
    const fromDomain = /@([^>\s]+)>?\s*$/.exec(values.from!)?.[1];
    const messageIdDomain = values["message-id-domain"] ?? fromDomain;
    if (!messageIdDomain)
      throw new EmailUsageError(
        "cannot tell the sending domain from --from; pass --message-id-domain",
      );

    const name = basename(templatePath, extname(templatePath));
    const campaignId = values.campaign ?? name;
    // Compile before touching SMTP or the log: a template error must never surface mid-send.
    const template = await compileTemplate(await readText(io, templatePath, "template"), {
      id: name,
      ...(values.subject !== undefined ? { subject: values.subject } : {}),
    });
    for (const warning of template.warnings) io.stderr.write(`warning: ${warning}\n`);

    let decider: {
      decide: DecisionEngine["decide"];
      track(events: Parameters<DecisionEngine["track"]>[0]): Promise<unknown>;
    };
    let server: HttpDecider | undefined;
    if (values.server !== undefined) {
      const apiKey = io.env.OFFERKIT_API_KEY;
      if (!apiKey)
        throw new EmailUsageError("--server needs OFFERKIT_API_KEY (scopes decide, track)");
      server = new HttpDecider(values.server, apiKey);
      decider = server;
    } else {
      const engine = new DecisionEngine({ library: await readLibrary(io, values.library) });
      decider = engine;
    }
    const context =
      values.context === undefined ? {} : await readJsonObject(io, values.context, "context");
    const links = new EmailLinks({
      tokens: signingKeys(io, values["signing-key-id"], false),
      baseUrl: values["tracking-base"]!,
      openPixel: values["open-pixel"] === true,
    });
    const acceptedIds =
      values["accepted-ids"] === undefined
        ? undefined
        : new Set(
            (await readText(io, values["accepted-ids"], "accepted ids"))
              .split(/\r?\n/)
              .map((l) => l.trim())
              .filter(Boolean),
          );

    let total = 0;
    for await (const _ of readRecipients(recipientsPath)) total++;

    const log = await SendLog.open(pathIn(io, values.log ?? `${campaignId}.send-log.jsonl`));
    const transport = createSmtpPool({
      url: values.smtp!,
      ...optional("maxConnections", positiveInt(values["max-connections"], "max-connections")),
      ...optional("maxMessages", positiveInt(values["max-messages"], "max-messages")),
      ...optional("rateLimit", positiveInt(values["rate-limit"], "rate-limit")),
      ...optional("rateDelta", positiveInt(values["rate-delta"], "rate-delta")),
      ...(dkim ? { dkim } : {}),
      ...(values["allow-insecure-tls"] ? { allowInsecureTls: true } : {}),
    });
    const stop = new AbortController();
    io.onStopSignal?.(() => stop.abort());
    const progress = new SendProgress(io.stderr, total);
    try {
      const summary = await sendCampaign({
        campaignId,
        template,
        recipients: readRecipients(recipientsPath),
        transport,
        log,
        identity: {
          from: values.from!,
          ...(values["reply-to"] ? { replyTo: values["reply-to"] } : {}),
          ...(values["list-id"] ? { listId: values["list-id"] } : {}),
        },
        render: {
          decider,
          links,
          messageIdDomain,
          context,
          ...(values["list-id"] ? { listId: values["list-id"] } : {}),
        },
        tracker: decider,
        // Unsubscribes arrive at the server's one-click endpoint: every message asks it first.
        ...(server
          ? {
              isSuppressed: (recipient: { id: string }) =>
                server.isSuppressed(recipient.id, values["list-id"]),
            }
          : {}),
        inDoubt,
        ...(acceptedIds
          ? {
              reconcileInDoubt: (ids: string[]) =>
                Promise.resolve(new Set(ids.filter((id) => acceptedIds.has(id)))),
            }
          : {}),
        ...optional("concurrency", positiveInt(values.concurrency, "concurrency")),
        onProgress: (p) => progress.update(p),
        signal: stop.signal,
      });
      progress.update(summary, true);
      const d = summary.inDoubt;
      io.stdout.write(
        [
          `campaign ${campaignId}: sent ${summary.sent}, failed ${summary.failed}, suppressed ${summary.suppressed}, already done ${summary.skipped}, ${(summary.elapsedMs / 1000).toFixed(1)} s, ${summary.rate.toFixed(1)} msg/s`,
          ...(d.found > 0
            ? [
                `in doubt from an interrupted run: ${d.found} (resent ${d.resent}, settled accepted ${d.settledAccepted}, settled not accepted ${d.settledNotAccepted}, skipped ${d.skipped})`,
              ]
            : []),
          ...(summary.trackingFailures > 0
            ? [`display events not tracked: ${summary.trackingFailures} messages`]
            : []),
          ...(summary.htmlSizeWarnings > 0
            ? [`HTML above 90 KB: ${summary.htmlSizeWarnings} messages`]
            : []),
          ...summary.failures
            .slice(0, 20)
            .map(
              (f) =>
                `  failed ${f.recipient}: ${f.permanent ? "permanent" : "transient"}: ${f.error}`,
            ),
          `log: ${log.path}`,
          "",
        ].join("\n"),
      );
      if (stop.signal.aborted) return 130;
      return summary.failed > 0 ? 1 : 0;
    } finally {
      transport.close();
      await log.close();
    }
  } catch (error) {
    if (error instanceof RecipientInputError) {
      io.stderr.write(`offerkit email: ${error.message}\n`);
      return 1;
    }
    return reportError(error, io, EMAIL_SEND_USAGE);
  }
}

function dkimOptions(
  domainName: string | undefined,
  keySelector: string | undefined,
  privateKey: string | undefined,
): DkimOptions | undefined {
  const given = [domainName, keySelector, privateKey].filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (given !== 3)
    throw new EmailUsageError("DKIM needs --dkim-domain, --dkim-selector and --dkim-key together");
  return { domainName: domainName!, keySelector: keySelector!, privateKey: privateKey! };
}

async function readText(io: EmailCliIo, path: string, what: string): Promise<string> {
  try {
    return await readFile(pathIn(io, path), "utf8");
  } catch (error) {
    throw new EmailUsageError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
