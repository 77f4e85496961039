import { parseArgs } from "node:util";
import type { DecisionRequestInput } from "@offerkit/core";
import type { CliIo } from "../cli-io.js";
import { UsageError } from "../cli-error.js";
import {
  DECISION_SOURCE_OPTIONS,
  DECISION_SOURCE_USAGE,
  decisionSourceFrom,
} from "../decision-source.js";
import { formatSimulation } from "../format-simulation.js";
import { readJsonFile } from "../read-json-file.js";

export const SIMULATE_USAGE = `offerkit simulate --profile profile.json --decision ID --placement ID [--items N]
                  [--context context.json] [--now 2026-12-24T10:00:00Z] [--json] ${DECISION_SOURCE_USAGE}

A dry run (no caps reserved, no event stored) that prints the propositions and, for every candidate,
the stage at which it was kept or dropped. profile.json: {"id": "...", "attributes": {...}}.`;

export async function simulateCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DECISION_SOURCE_OPTIONS,
      profile: { type: "string" },
      context: { type: "string" },
      decision: { type: "string" },
      placement: { type: "string" },
      items: { type: "string" },
      now: { type: "string" },
      json: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.profile === undefined) throw new UsageError("simulate needs --profile");
  if (values.decision === undefined || values.placement === undefined)
    throw new UsageError("simulate needs --decision and --placement");
  const source = await decisionSourceFrom(values, io);
  const request = {
    profile: (await readJsonFile(io.cwd, values.profile)) as DecisionRequestInput["profile"],
    ...(values.context === undefined
      ? {}
      : { context: (await readJsonFile(io.cwd, values.context)) as Record<string, never> }),
    scopes: [
      {
        decisionId: values.decision,
        placementId: values.placement,
        ...(values.items === undefined ? {} : { itemCount: Number(values.items) }),
      },
    ],
    options: {
      dryRun: true,
      explain: true,
      ...(values.now === undefined ? {} : { now: values.now }),
    },
  } satisfies DecisionRequestInput;
  const response = await source.simulate(request);
  io.stdout.write(
    values.json === true ? `${JSON.stringify(response, null, 2)}\n` : formatSimulation(response),
  );
  return response.propositions.length > 0 ? 0 : 1;
}
