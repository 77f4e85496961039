import { createReadStream, createWriteStream } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { OfferkitError, type DecisionRequestInput } from "@offerkit/core";
import type { CliIo } from "../cli-io.js";
import { UsageError } from "../cli-error.js";
import {
  DECISION_SOURCE_OPTIONS,
  DECISION_SOURCE_USAGE,
  decisionSourceFrom,
} from "../decision-source.js";
import { ProgressBar } from "../progress-bar.js";
import { readJsonFile } from "../read-json-file.js";

export const DECIDE_BATCH_USAGE = `offerkit decide-batch --profiles profiles.jsonl --decision ID --placement ID [--items N]
                      [--context context.json] [--concurrency 8] [--dry-run] [--out results.jsonl] ${DECISION_SOURCE_USAGE}

One decision per line of profiles.jsonl ({"id": …, "attributes": {…}}, or {"profile": …, "context": …}).
Writes one JSON line per input line, in input order, as soon as it is decided:
{"line": 1, "profileId": …, "propositions": […], "errors": […]} or {"line": 7, "error": {code, message, issues}}.
A progress bar goes to stderr. With --library, caps count within this run only.`;

export async function decideBatchCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DECISION_SOURCE_OPTIONS,
      profiles: { type: "string" },
      context: { type: "string" },
      decision: { type: "string" },
      placement: { type: "string" },
      items: { type: "string" },
      concurrency: { type: "string", default: "8" },
      "dry-run": { type: "boolean" },
      out: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.profiles === undefined) throw new UsageError("decide-batch needs --profiles");
  if (values.decision === undefined || values.placement === undefined)
    throw new UsageError("decide-batch needs --decision and --placement");
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)
    throw new UsageError("--concurrency must be 1..256");
  const source = await decisionSourceFrom(values, io);
  const sharedContext =
    values.context === undefined
      ? undefined
      : ((await readJsonFile(io.cwd, values.context)) as Record<string, never>);
  const scope = {
    decisionId: values.decision,
    placementId: values.placement,
    ...(values.items === undefined ? {} : { itemCount: Number(values.items) }),
  };
  const file = resolve(io.cwd, values.profiles);
  const total = await countLines(file);
  const out = values.out === undefined ? io.stdout : createWriteStream(resolve(io.cwd, values.out));
  const progress = new ProgressBar(io.stderr, total, "decide-batch");

  const decideLine = async (
    text: string,
    line: number,
  ): Promise<{ output: string; failed: boolean }> => {
    try {
      const request = requestFromLine(text, line, scope, sharedContext, values["dry-run"] === true);
      const response = await source.decide(request);
      return {
        output: JSON.stringify({
          line,
          profileId: request.profile.id,
          propositions: response.propositions,
          errors: response.errors,
        }),
        failed: response.propositions.length === 0,
      };
    } catch (error) {
      return {
        output: JSON.stringify({ line, error: OfferkitError.fromUnknown(error).toJSON() }),
        failed: true,
      };
    }
  };

  // A window of `concurrency` decisions in flight; results are written in input order.
  const window: Promise<{ output: string; failed: boolean }>[] = [];
  let failures = 0;
  const writeOldest = async (): Promise<void> => {
    const result = await (window.shift() as Promise<{ output: string; failed: boolean }>);
    if (result.failed) failures++;
    await writeLine(out, `${result.output}\n`);
    progress.tick(result.failed);
  };
  let line = 0;
  let decided = 0;
  for await (const text of createInterface({
    input: createReadStream(file),
    crlfDelay: Infinity,
  })) {
    line++;
    if (text.trim() === "") continue;
    decided++;
    window.push(decideLine(text, line));
    if (window.length >= concurrency) await writeOldest();
  }
  while (window.length > 0) await writeOldest();
  progress.finish();
  if (out !== io.stdout)
    await new Promise<void>((done) => (out as ReturnType<typeof createWriteStream>).end(done));
  io.stderr.write(
    `decided ${decided} profile(s) with ${source.describe()}; ${failures} without propositions\n`,
  );
  return 0;
}

function requestFromLine(
  text: string,
  line: number,
  scope: DecisionRequestInput["scopes"][number],
  sharedContext: Record<string, never> | undefined,
  dryRun: boolean,
): DecisionRequestInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OfferkitError(
      "BAD_REQUEST",
      `line ${line} is not JSON: ${(error as Error).message}`,
      { issues: [{ path: [], message: "not JSON" }] },
    );
  }
  const wrapped = typeof value === "object" && value !== null && "profile" in value;
  const profile = (
    wrapped ? (value as { profile: unknown }).profile : value
  ) as DecisionRequestInput["profile"];
  const context = (wrapped ? (value as { context?: unknown }).context : undefined) ?? sharedContext;
  return {
    profile,
    ...(context === undefined ? {} : { context: context as Record<string, never> }),
    scopes: [scope],
    options: { dryRun },
  };
}

async function countLines(file: string): Promise<number> {
  let count = 0;
  try {
    for await (const text of createInterface({
      input: createReadStream(file),
      crlfDelay: Infinity,
    }))
      if (text.trim() !== "") count++;
  } catch (error) {
    throw new OfferkitError("BAD_REQUEST", `cannot read ${file}: ${(error as Error).message}`);
  }
  return count;
}

/** Honours backpressure so a slow consumer (a pipe) does not make the whole batch pile up in memory. */
async function writeLine(
  out: { write(chunk: string): unknown; once?: unknown },
  chunk: string,
): Promise<void> {
  const accepted = out.write(chunk);
  if (accepted === false && typeof out.once === "function") {
    await new Promise<void>((done) =>
      (out as { once(event: string, listener: () => void): unknown }).once("drain", done),
    );
  }
}
