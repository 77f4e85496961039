import type { Issue } from "@offerkit/core";
import { isOfferkitErrorCode } from "./error-code.js";
import { OfferkitClientError } from "./offerkit-client-error.js";

/**
 * Coerce anything a decision source threw (an OfferkitClientError, core's OfferkitError from an
 * in-process engine, a plain Error) into an OfferkitClientError without importing core's runtime.
 */
export function asClientError(error: unknown): OfferkitClientError {
  if (error instanceof OfferkitClientError) return error;
  const { code, message, issues } = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
    issues?: unknown;
  };
  return new OfferkitClientError(
    isOfferkitErrorCode(code) ? code : "UNAVAILABLE",
    typeof message === "string" ? message : String(error),
    {
      cause: error,
      ...(Array.isArray(issues) ? { issues: issues as Issue[] } : {}),
    },
  );
}
