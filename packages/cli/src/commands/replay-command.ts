import { parseArgs } from "node:util";
import { compileLibrary, replayDecisions } from "@offerkit/core";
import type { CliIo } from "../cli-io.js";
import { UsageError } from "../cli-error.js";
import { formatReplay } from "../format-replay.js";
import { readEventLog } from "../read-event-log.js";
import { readJsonFile } from "../read-json-file.js";

export const REPLAY_USAGE = `offerkit replay --events decisions.jsonl --library new.json [--outcomes events.jsonl]
                [--seed N] [--top N] [--json]

Estimates what a library would have achieved on logged traffic: every logged decision (JSON Lines of
decision events; display / interact events may be in the same file or in --outcomes) is decided again
by new.json, and its click rate (interactions per decision) is estimated with inverse propensity
scoring (IPS), self-normalized IPS and a doubly robust estimator, each with a 95 % interval, beside
the logged policy's own rate. Lists the offers whose share of items changes most (--top, default 10).`;

export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      events: { type: "string" },
      library: { type: "string" },
      outcomes: { type: "string" },
      seed: { type: "string" },
      top: { type: "string" },
      json: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.events === undefined || values.library === undefined)
    throw new UsageError("replay needs --events and --library");
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed))
    throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
  const top = values.top === undefined ? 10 : Number(values.top);
  if (!Number.isInteger(top) || top < 0)
    throw new UsageError(`--top must be a whole number, got "${values.top}"`);

  const log = await readEventLog(io.cwd, values.events);
  if (values.outcomes !== undefined) await readEventLog(io.cwd, values.outcomes, log);
  // Compiled here so a bad library is reported with its paths before any replay work.
  const library = compileLibrary(await readJsonFile(io.cwd, values.library));
  const report = await replayDecisions({
    decisions: log.decisions,
    feedback: log.feedback,
    library,
    seed,
    topShareChanges: top,
  });
  io.stdout.write(
    values.json === true
      ? `${JSON.stringify(report, null, 2)}\n`
      : formatReplay(report, values.library),
  );
  return report.estimates.decisions > 0 ? 0 : 1;
}
