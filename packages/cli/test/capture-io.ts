import type { CliIo } from "../src/cli-io.js";

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

/** An io whose stdout / stderr are strings, for running commands in-process. */
export function captureIo(cwd: string, env: Record<string, string | undefined> = {}): CapturedIo {
  let out = "";
  let err = "";
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk), isTTY: false },
    cwd,
    env,
    out: () => out,
    err: () => err,
  };
}
