import { OfferkitError } from "../errors/index.js";

/** An instant as callers hold it: a Date (the engine's Clock), epoch ms, or an ISO string (offer dates). */
export type InstantInput = Date | number | string;

export function toEpochMs(instant: InstantInput, what = "instant"): number {
  const ms =
    instant instanceof Date
      ? instant.getTime()
      : typeof instant === "number"
        ? instant
        : Date.parse(instant);
  if (!Number.isFinite(ms)) {
    throw new OfferkitError(
      "VALIDATION_FAILED",
      `${what} is not a valid date-time: ${String(instant)}`,
    );
  }
  return ms;
}
