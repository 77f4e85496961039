import { z } from "zod";

/** Every error offerkit raises has one of these codes; HTTP status is mapped in http-status.ts. */
export const OfferkitErrorCode = z.enum([
  "BAD_REQUEST",
  "VALIDATION_FAILED",
  "INVALID_LIBRARY",
  "INVALID_EXPRESSION",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "DECISION_NOT_FOUND",
  "DECISION_NOT_LIVE",
  "DECISION_OUT_OF_DATES",
  "PLACEMENT_NOT_IN_DECISION",
  "CONFLICT",
  "REFERENCED",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "RATE_LIMITED",
  "UNAVAILABLE",
  "TIMEOUT",
  "INTERNAL",
]);
export type OfferkitErrorCode = z.infer<typeof OfferkitErrorCode>;
