import { retryable, type PushOutcome } from "../push-outcome.js";

/**
 * RFC 8030 answers: 201 (some services 200/202) accepted; 404 and 410 mean the subscription is gone;
 * 429 and 5xx are retryable; the rest (400 bad headers, 401/403 VAPID, 413 too large) is rejected.
 */
export function webPushOutcome(
  status: number,
  location: string | null,
  retryAfterMs: number | undefined,
): PushOutcome {
  if (status >= 200 && status < 300) {
    return location === null
      ? { kind: "delivered", httpStatus: status }
      : { kind: "delivered", httpStatus: status, providerId: location };
  }
  if (status === 404 || status === 410)
    return { kind: "invalid-target", httpStatus: status, reason: `HTTP ${status}` };
  if (status === 429 || status >= 500) return retryable(`HTTP ${status}`, status, retryAfterMs);
  return { kind: "rejected", httpStatus: status, reason: `HTTP ${status}` };
}
