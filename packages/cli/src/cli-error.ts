import { formatPath, OfferkitError } from "@offerkit/core";
import type { CliIo } from "./cli-io.js";

/** A usage problem: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Prints any failure readably (code, message, one line per located issue); returns the exit code. */
export function reportError(io: CliIo, error: unknown, usage?: string): number {
  if (
    error instanceof UsageError ||
    (error as { code?: unknown }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ||
    isParseArgsError(error)
  ) {
    io.stderr.write(`offerkit: ${(error as Error).message}\n`);
    if (usage) io.stderr.write(`\n${usage}\n`);
    return 2;
  }
  const e = OfferkitError.fromUnknown(error);
  io.stderr.write(`offerkit: ${e.code}: ${e.message}\n`);
  for (const issue of e.issues.slice(0, 50))
    io.stderr.write(`  ${formatPath(issue.path)}: ${issue.message}\n`);
  if (e.issues.length > 50) io.stderr.write(`  … and ${e.issues.length - 50} more\n`);
  return 1;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}
