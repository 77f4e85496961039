/**
 * What became of one push, whatever the provider said:
 * - delivered: accepted by the provider (APNs 200, FCM 200, push service 201);
 * - retryable: try again later (429, 5xx, timeouts, an expired auth token), after `retryAfterMs` if the
 *   provider said so (Retry-After);
 * - invalid-target: the token or subscription is gone — stop sending to it;
 * - rejected: the request itself is wrong (payload, credentials, topic); retrying will not help.
 */
export type PushOutcome =
  | { kind: "delivered"; httpStatus: number; providerId?: string; reportError?: unknown }
  | { kind: "retryable"; httpStatus?: number; reason: string; retryAfterMs?: number }
  | { kind: "invalid-target"; httpStatus: number; reason: string }
  | { kind: "rejected"; httpStatus?: number; reason: string };

export type PushOutcomeKind = PushOutcome["kind"];

export function retryable(reason: string, httpStatus?: number, retryAfterMs?: number): PushOutcome {
  const outcome: PushOutcome = { kind: "retryable", reason };
  if (httpStatus !== undefined) outcome.httpStatus = httpStatus;
  if (retryAfterMs !== undefined) outcome.retryAfterMs = retryAfterMs;
  return outcome;
}
