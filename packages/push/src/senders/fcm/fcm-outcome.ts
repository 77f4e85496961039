import { retryable, type PushOutcome } from "../push-outcome.js";

/** The parts of a google.rpc error body FCM v1 sends back. */
export interface FcmErrorBody {
  error?: {
    code?: number;
    status?: string;
    message?: string;
    details?: { "@type"?: string; errorCode?: string; fieldViolations?: { field?: string }[] }[];
  };
}

/**
 * Maps an FCM v1 answer to an outcome from its `FcmError.errorCode` (falling back to the google.rpc
 * status): UNREGISTERED and SENDER_ID_MISMATCH, and INVALID_ARGUMENT about `message.token`, mean
 * the token is unusable; QUOTA_EXCEEDED, UNAVAILABLE, INTERNAL (and any 429/5xx) are retryable;
 * UNAUTHENTICATED is retryable because the sender refreshes its access token; the rest is rejected.
 */
export function fcmOutcome(
  status: number,
  body: FcmErrorBody | undefined,
  retryAfterMs: number | undefined,
): PushOutcome {
  const details = body?.error?.details ?? [];
  const code =
    details.find((d) => d.errorCode !== undefined)?.errorCode ??
    body?.error?.status ??
    `HTTP ${status}`;
  switch (code) {
    case "UNREGISTERED":
    case "SENDER_ID_MISMATCH":
      return { kind: "invalid-target", httpStatus: status, reason: code };
    case "INVALID_ARGUMENT": {
      const aboutToken = details.some(
        (d) => d.fieldViolations?.some((v) => v.field === "message.token") === true,
      );
      return aboutToken
        ? { kind: "invalid-target", httpStatus: status, reason: "INVALID_ARGUMENT: message.token" }
        : { kind: "rejected", httpStatus: status, reason: code };
    }
    case "QUOTA_EXCEEDED":
    case "UNAVAILABLE":
    case "INTERNAL":
    case "UNAUTHENTICATED":
      return retryable(code, status, retryAfterMs);
    default:
      if (status === 429 || status >= 500) return retryable(code, status, retryAfterMs);
      return { kind: "rejected", httpStatus: status, reason: code };
  }
}
