/** Where a command reads and writes; main.ts passes the process's, tests capture them. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  /** Directory relative paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** Long-running commands (serve) resolve when this fires; main.ts wires SIGTERM/SIGINT. */
  onStopSignal?: (stop: () => void) => void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Under `pnpm --filter … run`, INIT_CWD is where the user typed the command.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    env: process.env,
    onStopSignal: (stop) => {
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    },
  };
}
