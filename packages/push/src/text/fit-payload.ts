import type { PushText } from "../content/push-content.js";
import { PayloadTooLargeError } from "../errors/payload-too-large-error.js";
import { jsonStringBytes } from "./json-string-bytes.js";
import { ELLIPSIS_BYTES, truncateToJsonBytes } from "./truncate-to-json-bytes.js";
import { utf8ByteLength } from "./utf8-byte-length.js";

/** The documented truncation order: the body gives way first, the title last. */
export const TRUNCATION_ORDER = ["body", "subtitle", "title"] as const;

export interface FittedPayload<P> {
  payload: P;
  /** Exactly the bytes to send (or to encrypt): JSON.stringify(payload). */
  json: string;
  /** UTF-8 length of `json`. */
  byteLength: number;
  /** Whether any text was cut. */
  truncated: boolean;
}

/**
 * Builds a payload from `text` with `compose` and cuts text until the serialized JSON is at most
 * `limit` UTF-8 bytes. `compose` must place each text field at most once (every builder here
 * does), so cutting a field by N JSON bytes shrinks the payload by exactly N. Ids, links, tokens
 * and custom data are never touched: when they alone overflow, PayloadTooLargeError is thrown.
 */
export function fitPayload<P>(
  provider: string,
  limit: number,
  text: PushText,
  compose: (text: PushText) => P,
): FittedPayload<P> {
  let payload = compose(text);
  let json = JSON.stringify(payload);
  let byteLength = utf8ByteLength(json);
  if (byteLength <= limit) return { payload, json, byteLength, truncated: false };

  const current: PushText = { ...text };
  for (const field of TRUNCATION_ORDER) {
    const value = current[field];
    if (value === undefined || value === "") continue;
    const valueBytes = jsonStringBytes(value);
    const budget = limit - (byteLength - valueBytes);
    current[field] = budget > ELLIPSIS_BYTES ? truncateToJsonBytes(value, budget) : "";
    payload = compose(current);
    json = JSON.stringify(payload);
    byteLength = utf8ByteLength(json);
    if (byteLength <= limit) return { payload, json, byteLength, truncated: true };
  }
  throw new PayloadTooLargeError(provider, byteLength, limit);
}
