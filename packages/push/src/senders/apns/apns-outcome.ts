import { retryable, type PushOutcome } from "../push-outcome.js";

/** Reasons that mean the device token will never work again for this app. */
const INVALID_TARGET = new Set([
  "BadDeviceToken",
  "DeviceTokenNotForTopic",
  "Unregistered",
  "ExpiredToken",
]);

/**
 * Maps an APNs answer (status, `reason` from the JSON body) to an outcome, following Apple's
 * documented codes: 200 delivered; 410 and bad/foreign tokens invalid-target; 429, 5xx and
 * ExpiredProviderToken (the sender mints a fresh JWT) retryable; every other 4xx rejected.
 */
export function apnsOutcome(
  status: number,
  reason: string | undefined,
  retryAfterMs: number | undefined,
  apnsId?: string,
): PushOutcome {
  if (status === 200)
    return apnsId === undefined
      ? { kind: "delivered", httpStatus: 200 }
      : { kind: "delivered", httpStatus: 200, providerId: apnsId };
  const why = reason ?? `HTTP ${status}`;
  if (status === 410 || INVALID_TARGET.has(why))
    return { kind: "invalid-target", httpStatus: status, reason: why };
  if (status === 429 || status >= 500 || why === "ExpiredProviderToken")
    return retryable(why, status, retryAfterMs);
  return { kind: "rejected", httpStatus: status, reason: why };
}
