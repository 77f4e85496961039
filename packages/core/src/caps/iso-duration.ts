import { OfferkitError } from "../errors/index.js";

const UNIT_MS = { W: 604_800_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 } as const;
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Milliseconds in an ISO 8601 duration of weeks, days, hours, minutes and seconds (the IsoDuration
 * model type). Days are exactly 24 hours: a rolling window is a span of elapsed time, not of
 * calendar days. Years and months are refused because their length varies.
 */
export function parseIsoDuration(duration: string): number {
  const match = ISO_DURATION.exec(duration);
  if (match === null || duration === "P" || duration.endsWith("T")) {
    throw new OfferkitError(
      "VALIDATION_FAILED",
      `"${duration}" is not an ISO 8601 duration like P7D or PT12H`,
    );
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  const total =
    Number(weeks ?? 0) * UNIT_MS.W +
    Number(days ?? 0) * UNIT_MS.D +
    Number(hours ?? 0) * UNIT_MS.H +
    Number(minutes ?? 0) * UNIT_MS.M +
    Number(seconds ?? 0) * UNIT_MS.S;
  if (total <= 0 || !Number.isSafeInteger(total)) {
    throw new OfferkitError(
      "VALIDATION_FAILED",
      `duration "${duration}" must be longer than zero and finite`,
    );
  }
  return total;
}
