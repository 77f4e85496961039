import { retryable, type PushOutcome } from "../push-outcome.js";

/** One push ticket (or receipt) from Expo's push API. */
export type ExpoTicket =
  | { status: "ok"; id?: string }
  | { status: "error"; message?: string; details?: { error?: string } };

/**
 * Maps an Expo ticket: `ok` means Expo accepted the message (delivery to the device is reported
 * later in receipts, which map the same way); DeviceNotRegistered means drop the token;
 * MessageRateExceeded is retryable; anything else (MessageTooBig, InvalidCredentials …) is rejected.
 */
export function expoOutcome(
  httpStatus: number,
  ticket: ExpoTicket,
  retryAfterMs: number | undefined,
): PushOutcome {
  if (ticket.status === "ok") {
    return ticket.id === undefined
      ? { kind: "delivered", httpStatus }
      : { kind: "delivered", httpStatus, providerId: ticket.id };
  }
  const reason = ticket.details?.error ?? ticket.message ?? "error";
  if (reason === "DeviceNotRegistered") return { kind: "invalid-target", httpStatus, reason };
  if (reason === "MessageRateExceeded") return retryable(reason, httpStatus, retryAfterMs);
  return { kind: "rejected", httpStatus, reason };
}
