import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { parseArgs } from "node:util";
import { DecisionEngine, OfferkitError, type JsonValue } from "@offerkit/core";
import { render } from "../render/render-email.js";
import type { Recipient } from "../render/recipient.js";
import { compileTemplate } from "../template/compile-template.js";
import { EmailLinks } from "../tracking/email-links.js";
import { pathIn, readJsonObject, readLibrary, signingKeys } from "./cli-inputs.js";
import { EmailUsageError, type EmailCliIo } from "./email-cli-io.js";

export const EMAIL_RENDER_USAGE = `usage: offerkit email render --template t.mjml --profile p.json
         [--library lib.json] [--context c.json] [--out dir] [--subject "…"]
         [--campaign id] [--tracking-base https://…] [--now ISO-date]

Compiles the template, decides the offers for one profile (dry run: no caps reserved) and writes
<out>/<template>.html and <out>/<template>.txt (default out: the current directory).
The profile file is { "id", "email"?, "attributes" | "profile", "context"? }. Without --library
the Northwind retail demo library is used. Links are signed with ${"OFFERKIT_EMAIL_SIGNING_KEYS"}
when set, else with a throw-away preview key.`;

const OPTIONS = {
  template: { type: "string" },
  profile: { type: "string" },
  library: { type: "string" },
  context: { type: "string" },
  out: { type: "string" },
  subject: { type: "string" },
  campaign: { type: "string" },
  "tracking-base": { type: "string" },
  "signing-key-id": { type: "string" },
  now: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `offerkit email render …`: exit 0 written, 1 compile/decide failure, 2 bad usage. */
export async function runEmailRender(argv: string[], io: EmailCliIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: false,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(`${EMAIL_RENDER_USAGE}\n`);
      return 0;
    }
    if (values.template === undefined || values.profile === undefined)
      throw new EmailUsageError("--template and --profile are required");
    const now = values.now === undefined ? new Date() : new Date(values.now);
    if (Number.isNaN(now.getTime())) throw new EmailUsageError("--now must be an ISO date");

    const source = await readFile(pathIn(io, values.template), "utf8").catch((error: Error) => {
      throw new EmailUsageError(`cannot read template ${values.template}: ${error.message}`);
    });
    const name = basename(values.template, extname(values.template));
    const compiled = await compileTemplate(source, {
      id: name,
      ...(values.subject !== undefined ? { subject: values.subject } : {}),
    });
    const recipient = recipientFromProfile(await readJsonObject(io, values.profile, "profile"));
    const context =
      values.context === undefined ? {} : await readJsonObject(io, values.context, "context");
    const engine = new DecisionEngine({
      library: await readLibrary(io, values.library),
      clock: { now: () => now },
    });
    const links = new EmailLinks({
      tokens: signingKeys(io, values["signing-key-id"], true),
      baseUrl: values["tracking-base"] ?? "https://track.offerkit.invalid",
      now: () => now.getTime(),
    });
    const email = await render(compiled, recipient, {
      decider: engine,
      campaignId: values.campaign ?? name,
      links,
      messageIdDomain: "preview.offerkit.invalid",
      context,
      dryRun: true,
      now: () => now,
    });

    const out = pathIn(io, values.out ?? ".");
    await mkdir(out, { recursive: true });
    const htmlPath = join(out, `${name}.html`);
    const textPath = join(out, `${name}.txt`);
    await writeFile(htmlPath, email.html);
    await writeFile(textPath, email.text);
    const offers = email.propositions.map(
      (p) =>
        `${p.placementId}: ${p.items.length > 0 ? p.items.map((i) => i.offerId).join(", ") : `fallback ${p.fallback?.offerId ?? "-"}`}`,
    );
    io.stdout.write(
      [
        `subject:   ${email.subject}`,
        `preheader: ${email.preheader}`,
        ...offers.map((o) => `offers:    ${o}`),
        ...email.scopeErrors.map(
          (e) => `error:     ${e.decisionId}/${e.placementId}: ${e.message}`,
        ),
        ...compiled.warnings.map((w) => `warning:   ${w}`),
        `html:      ${htmlPath} (${(email.htmlBytes / 1024).toFixed(1)} KB)`,
        `text:      ${textPath} (${(Buffer.byteLength(email.text) / 1024).toFixed(1)} KB)`,
        "",
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    return reportError(error, io, EMAIL_RENDER_USAGE);
  }
}

/** Accepts a Recipient ({ id, email, profile }) or a decision profile ({ id, attributes }). */
export function recipientFromProfile(value: Record<string, JsonValue>): Recipient {
  const id = value.id;
  if (typeof id !== "string" || id === "")
    throw new EmailUsageError("the profile needs a string id");
  const attributes = value.profile ?? value.attributes ?? {};
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes))
    throw new EmailUsageError("profile attributes must be an object");
  const recipient: Recipient = {
    id,
    email: typeof value.email === "string" ? value.email : `${id}@example.invalid`,
    profile: attributes,
  };
  const context = value.context;
  if (typeof context === "object" && context !== null && !Array.isArray(context))
    recipient.context = context;
  return recipient;
}

export function reportError(error: unknown, io: EmailCliIo, usage: string): number {
  if (
    error instanceof EmailUsageError ||
    (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ||
    (error as { code?: string }).code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE"
  ) {
    io.stderr.write(`offerkit email: ${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (error instanceof OfferkitError) {
    io.stderr.write(
      `offerkit email: ${error.code}: ${error.message}\n${error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}\n`).join("")}`,
    );
    return 1;
  }
  io.stderr.write(`offerkit email: ${(error as Error).message ?? String(error)}\n`);
  return 1;
}
