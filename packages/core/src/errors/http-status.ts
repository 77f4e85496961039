import type { OfferkitErrorCode } from "./codes.js";

/** The single place where error codes map to HTTP statuses (used by the server and adapters). */
const STATUS: Record<OfferkitErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_LIBRARY: 422,
  INVALID_EXPRESSION: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  DECISION_NOT_FOUND: 404,
  DECISION_NOT_LIVE: 422,
  DECISION_OUT_OF_DATES: 422,
  PLACEMENT_NOT_IN_DECISION: 422,
  CONFLICT: 409,
  REFERENCED: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
};

export function httpStatusOf(code: OfferkitErrorCode): number {
  return STATUS[code];
}
