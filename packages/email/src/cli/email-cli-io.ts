/** What the email commands touch outside themselves; the `offerkit` binary passes its own io. */
export interface EmailCliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  /** Relative paths are resolved against this directory. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** A send stops taking new recipients when this fires (SIGINT/SIGTERM), finishing in-flight ones. */
  onStopSignal?: (stop: () => void) => void;
}

/** Thrown for bad command lines; the runners turn it into exit code 2 and the usage text. */
export class EmailUsageError extends Error {
  override readonly name = "EmailUsageError";
}
