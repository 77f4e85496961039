import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { CliIo } from "../cli-io.js";
import { UsageError } from "../cli-error.js";

/**
 * `push build` and `email render|send` live in their channel packages (@offerkit/push/cli,
 * @offerkit/email/cli) so the CLI does not load mjml or web-push unless asked. Each exports
 * `run…(argv, io) => Promise<number>` taking the arguments after the subcommand and an io of its own
 * shape, built here from this CLI's io.
 */
type ChannelRunner = (argv: string[], io: unknown) => Promise<number> | number;

interface ChannelCommand {
  module: string;
  exportName: string;
  io(io: CliIo): unknown;
}

/** @offerkit/email's EmailCliIo has this CLI's shape. */
const sameIo = (io: CliIo): unknown => io;

/** @offerkit/push's PushCliIo: writer functions and a file reader. */
const pushIo = (io: CliIo): unknown => ({
  stdout: (text: string) => void io.stdout.write(text),
  stderr: (text: string) => void io.stderr.write(text),
  readFile: (path: string) => readFile(resolve(io.cwd, path), "utf8"),
});

const CHANNEL_COMMANDS: Record<string, Record<string, ChannelCommand>> = {
  push: { build: { module: "@offerkit/push/cli", exportName: "runPushBuild", io: pushIo } },
  email: {
    render: { module: "@offerkit/email/cli", exportName: "runEmailRender", io: sameIo },
    send: { module: "@offerkit/email/cli", exportName: "runEmailSend", io: sameIo },
  },
};

export const CHANNEL_USAGE = `offerkit push build …        (from @offerkit/push: offerkit push build --help)
offerkit email render|send …  (from @offerkit/email: offerkit email render --help)`;

export async function channelCommand(
  channel: "push" | "email",
  args: string[],
  io: CliIo,
): Promise<number> {
  const [sub, ...rest] = args;
  const target = sub === undefined ? undefined : CHANNEL_COMMANDS[channel]?.[sub];
  if (target === undefined) {
    const known = Object.keys(CHANNEL_COMMANDS[channel] ?? {}).join(" | ");
    throw new UsageError(`offerkit ${channel} needs a subcommand: ${known}`);
  }
  let loaded: Record<string, unknown>;
  try {
    // A variable specifier: the channel package is loaded only when its command runs.
    const specifier: string = target.module;
    loaded = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    io.stderr.write(
      `offerkit: ${channel} ${sub ?? ""} is not available (${target.module}: ${(error as Error).message})\n`,
    );
    return 1;
  }
  const run = loaded[target.exportName];
  if (typeof run !== "function") {
    io.stderr.write(`offerkit: ${target.module} does not export ${target.exportName}\n`);
    return 1;
  }
  return (run as ChannelRunner)(rest, target.io(io));
}
