import type { CliIo } from "./cli-io.js";
import { reportError, UsageError } from "./cli-error.js";
import { CHANNEL_USAGE, channelCommand } from "./commands/channel-commands.js";
import { DECIDE_BATCH_USAGE, decideBatchCommand } from "./commands/decide-batch-command.js";
import { KEYS_USAGE, keysCommand } from "./commands/keys-command.js";
import { LIBRARY_USAGE, libraryCommand } from "./commands/library-command.js";
import { SERVE_USAGE, serveCommand } from "./commands/serve-command.js";
import { SIMULATE_USAGE, simulateCommand } from "./commands/simulate-command.js";
import { REPLAY_USAGE, replayCommand } from "./commands/replay-command.js";

const COMMANDS: Record<
  string,
  { usage: string; run: (args: string[], io: CliIo) => Promise<number> }
> = {
  serve: { usage: SERVE_USAGE, run: serveCommand },
  library: { usage: LIBRARY_USAGE, run: libraryCommand },
  keys: { usage: KEYS_USAGE, run: keysCommand },
  simulate: { usage: SIMULATE_USAGE, run: simulateCommand },
  "decide-batch": { usage: DECIDE_BATCH_USAGE, run: decideBatchCommand },
  replay: { usage: REPLAY_USAGE, run: replayCommand },
  push: { usage: CHANNEL_USAGE, run: (args, io) => channelCommand("push", args, io) },
  email: { usage: CHANNEL_USAGE, run: (args, io) => channelCommand("email", args, io) },
};

export const USAGE = `offerkit — open-source offer decisioning

${Object.values(COMMANDS)
  .map((c) => c.usage)
  .join("\n\n")}

Environment: OFFERKIT_DATA_DIR, OFFERKIT_DATABASE_URL, OFFERKIT_REDIS_URL, OFFERKIT_COUNTERS, OFFERKIT_PORT,
OFFERKIT_URL and OFFERKIT_API_KEY (for --server / --key).`;

/** Runs one command line; resolves with the process exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined)
    return reportError(io, new UsageError(`unknown command "${name}"`), USAGE);
  if ((args.includes("--help") || args.includes("-h")) && name !== "push" && name !== "email") {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    return reportError(io, error, command.usage);
  }
}
