import type { PushText } from "../content/push-content.js";
import { PayloadTooLargeError } from "../errors/payload-too-large-error.js";
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
 * `limit` UTF-8 bytes. For each field in TRUNCATION_ORDER: measure the payload with that field
 * empty, give the field what is left, cut it there. `compose` must place each text field at most
 * once (every builder here does). Ids, links, tokens and custom data are never touched: when they
 * alone overflow, PayloadTooLargeError is thrown.
 */
export function fitPayload<P>(
  provider: string,
  limit: number,
  text: PushText,
  compose: (text: PushText) => P,
): FittedPayload<P> {
  // A JSON string costs at least one byte per UTF-16 code unit: text longer than the limit cannot
  // fit, so the full-size payload is not even serialized.
  const textLength = text.body.length + (text.title?.length ?? 0) + (text.subtitle?.length ?? 0);
  if (textLength <= limit) {
    const payload = compose(text);
    const json = JSON.stringify(payload);
    if (json.length <= limit) {
      const byteLength = utf8ByteLength(json);
      if (byteLength <= limit) return { payload, json, byteLength, truncated: false };
    }
  }

  const current: PushText = { ...text };
  let smallest = Number.POSITIVE_INFINITY;
  for (const field of TRUNCATION_ORDER) {
    const value = current[field];
    if (value === undefined || value === "") continue;
    current[field] = "";
    const rest = utf8ByteLength(JSON.stringify(compose(current)));
    const budget = limit - rest;
    current[field] = budget > ELLIPSIS_BYTES ? truncateToJsonBytes(value, budget) : "";
    const cut = compose(current);
    const cutJson = JSON.stringify(cut);
    const byteLength = utf8ByteLength(cutJson);
    if (byteLength <= limit) return { payload: cut, json: cutJson, byteLength, truncated: true };
    smallest = Math.min(smallest, rest);
  }
  throw new PayloadTooLargeError(
    provider,
    Number.isFinite(smallest) ? smallest : utf8ByteLength(JSON.stringify(compose(current))),
    limit,
  );
}
