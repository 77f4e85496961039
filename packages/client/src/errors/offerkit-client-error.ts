import type { Issue, OfferkitErrorCode } from "@offerkit/core";

export interface OfferkitClientErrorOptions {
  /** HTTP status when the error came from a response. */
  status?: number;
  issues?: Issue[];
  cause?: unknown;
}

/**
 * What the client throws: the same code union as the server's OfferkitError, without its
 * zod-based machinery. `status` is set when a server answered.
 */
export class OfferkitClientError extends Error {
  override readonly name = "OfferkitClientError";
  readonly code: OfferkitErrorCode;
  readonly status: number | undefined;
  readonly issues: Issue[];

  constructor(code: OfferkitErrorCode, message: string, options: OfferkitClientErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.issues = options.issues ?? [];
  }
}
