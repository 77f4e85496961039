import type { JsonValue } from "@offerkit/core";
import { InvalidPushInputError } from "../../errors/push-error.js";

/** FCM refuses these data keys (its own message fields), and any key starting with google or gcm. */
const RESERVED_WORDS = new Set(["from", "notification", "message_type", "collapse_key"]);

export function isReservedFcmDataKey(key: string): boolean {
  const lower = key.toLowerCase();
  return RESERVED_WORDS.has(lower) || lower.startsWith("google") || lower.startsWith("gcm");
}

/** FCM `data` is map<string, string>: strings pass, everything else is JSON-encoded. */
export function toFcmDataValue(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function assertFcmDataKey(key: string): void {
  if (isReservedFcmDataKey(key)) {
    throw new InvalidPushInputError(
      ["data", key],
      "reserved by FCM (from, notification, message_type, collapse_key, google*, gcm*)",
    );
  }
}
