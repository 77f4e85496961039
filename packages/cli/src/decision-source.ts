import { DecisionEngine, type DecisionRequestInput, type DecisionResponse } from "@offerkit/core";
import { retailDemoLibrary } from "@offerkit/core/demo";
import type { CliIo } from "./cli-io.js";
import { UsageError } from "./cli-error.js";
import { serverClientFrom } from "./common-options.js";
import { readJsonFile } from "./read-json-file.js";

/** Where simulate / decide-batch get decisions: an in-process engine on a bundle, or a running server. */
export interface DecisionSource {
  decide(request: DecisionRequestInput): Promise<DecisionResponse>;
  simulate(request: DecisionRequestInput): Promise<DecisionResponse>;
  describe(): string;
}

export const DECISION_SOURCE_OPTIONS = {
  library: { type: "string" },
  server: { type: "string" },
  key: { type: "string" },
} as const;

export const DECISION_SOURCE_USAGE =
  "(--library bundle.json | --library demo | --server URL --key KEY)";

export async function decisionSourceFrom(
  values: { library?: string | undefined; server?: string | undefined; key?: string | undefined },
  io: CliIo,
): Promise<DecisionSource> {
  const client = serverClientFrom(values, io);
  if (client !== undefined && values.library !== undefined)
    throw new UsageError("give --library or --server, not both");
  if (client !== undefined) {
    return {
      decide: (request) => client.request("POST", "/v1/decisions", request),
      simulate: (request) => client.request("POST", "/v1/simulate", request),
      describe: () => `server ${values.server ?? io.env.OFFERKIT_URL ?? ""}`,
    };
  }
  if (values.library === undefined) throw new UsageError(`where from? ${DECISION_SOURCE_USAGE}`);
  const bundle =
    values.library === "demo" ? retailDemoLibrary : await readJsonFile(io.cwd, values.library);
  // Caps count within this process only; decision events are not stored.
  const engine = new DecisionEngine({ library: bundle as never });
  return {
    decide: (request) => engine.decide(request),
    simulate: (request) =>
      engine.decide({ ...request, options: { ...request.options, dryRun: true, explain: true } }),
    describe: () =>
      `library ${values.library ?? ""} (version ${engine.libraryVersion}, in process)`,
  };
}
