import type { OfferkitErrorCode } from "@offerkit/core";

/**
 * The code union of @offerkit/core, checked at compile time against core's type but without
 * importing core's zod schemas (they would weigh more than this whole package in a browser).
 */
const KNOWN_CODES: Record<OfferkitErrorCode, true> = {
  BAD_REQUEST: true,
  VALIDATION_FAILED: true,
  INVALID_LIBRARY: true,
  INVALID_EXPRESSION: true,
  UNAUTHORIZED: true,
  FORBIDDEN: true,
  NOT_FOUND: true,
  DECISION_NOT_FOUND: true,
  DECISION_NOT_LIVE: true,
  DECISION_OUT_OF_DATES: true,
  PLACEMENT_NOT_IN_DECISION: true,
  CONFLICT: true,
  REFERENCED: true,
  PRECONDITION_FAILED: true,
  PAYLOAD_TOO_LARGE: true,
  RATE_LIMITED: true,
  UNAVAILABLE: true,
  TIMEOUT: true,
  INTERNAL: true,
};

export function isOfferkitErrorCode(value: unknown): value is OfferkitErrorCode {
  return typeof value === "string" && Object.hasOwn(KNOWN_CODES, value);
}

/** Best guess when a response carries no (known) code, e.g. a proxy's own error page. */
export function codeForHttpStatus(status: number): OfferkitErrorCode {
  switch (status) {
    case 400:
      return "BAD_REQUEST";
    case 401:
      return "UNAUTHORIZED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "NOT_FOUND";
    case 408:
    case 504:
      return "TIMEOUT";
    case 409:
      return "CONFLICT";
    case 412:
      return "PRECONDITION_FAILED";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 422:
      return "VALIDATION_FAILED";
    case 429:
      return "RATE_LIMITED";
    case 502:
    case 503:
      return "UNAVAILABLE";
    default:
      return status >= 400 && status < 500 ? "BAD_REQUEST" : "INTERNAL";
  }
}
