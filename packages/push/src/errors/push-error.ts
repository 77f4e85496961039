import type { Issue, OfferkitErrorCode } from "@offerkit/core";

/**
 * Base of every error this package throws. It mirrors OfferkitError's shape (code from the same
 * closed union, issues, toJSON) without importing core's runtime, so the builders stay zod-free.
 */
export class PushError extends Error {
  override readonly name: string = "PushError";
  readonly code: OfferkitErrorCode;
  readonly issues: Issue[];

  constructor(
    code: OfferkitErrorCode,
    message: string,
    options: { issues?: Issue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }

  toJSON(): { code: OfferkitErrorCode; message: string; issues?: Issue[] } {
    return this.issues.length > 0
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

/** Bad input to a builder (content shape, target, option out of range, insecure image …). */
export class InvalidPushInputError extends PushError {
  override readonly name = "InvalidPushInputError";

  constructor(path: (string | number)[], message: string) {
    super("VALIDATION_FAILED", `${path.join(".")}: ${message}`, { issues: [{ path, message }] });
  }
}
