import type { JsonValue } from "@offerkit/core";
import type { PushText } from "../../content/push-content.js";
import { InvalidPushInputError } from "../../errors/push-error.js";
import type { AttributionKeys } from "../../message/attribution.js";
import { preparePush, type PreparedPush } from "../../message/prepare-push.js";
import type { PushDeliveryMeta, PushMessage } from "../../message/push-message.js";
import { fitPayload } from "../../text/fit-payload.js";
import { utf8ByteLength } from "../../text/utf8-byte-length.js";
import { PAYLOAD_LIMITS } from "../limits.js";

export type ApnsPushType = "alert" | "background" | "voip";

export interface ApnsTarget {
  /** Hex device token from the app's registration. */
  deviceToken: string;
}

export interface ApnsOptions {
  /** The app's bundle id; the `apns-topic` header (with `.voip` appended for VoIP pushes). */
  bundleId: string;
  /** Default `alert`. `background` sends no visible text, `content-available: 1`, priority 5. */
  pushType?: ApnsPushType;
  /** Default 10 (5 for background, the only value Apple accepts there). */
  priority?: 10 | 5 | 1;
  /** ≤ 64 bytes; a newer push with the same id replaces the older one. */
  collapseId?: string;
  /** UUID echoed back by APNs. */
  apnsId?: string;
  /** Default `active`; offers with attribute `timeSensitive: true` get `time-sensitive`. Never `critical`. */
  interruptionLevel?: "passive" | "active";
  sound?: string;
  badge?: number;
  threadId?: string;
  category?: string;
  /** Cap on the expiration (default 28 days); the offer's end date shortens it further. */
  ttlSeconds?: number;
}

export interface ApnsHeaders {
  "apns-push-type": ApnsPushType;
  "apns-topic": string;
  "apns-priority": string;
  "apns-expiration": string;
  "apns-collapse-id"?: string;
  "apns-id"?: string;
}

export interface ApnsAlert {
  title?: string;
  subtitle?: string;
  body: string;
}

export interface ApnsAps {
  alert?: ApnsAlert;
  badge?: number;
  sound?: string;
  "thread-id"?: string;
  category?: string;
  "content-available"?: 1;
  "mutable-content"?: 1;
  "interruption-level"?: "passive" | "active" | "time-sensitive";
  "relevance-score"?: number;
}

export type ApnsPayload = { aps: ApnsAps; img?: string } & AttributionKeys &
  Record<string, JsonValue | undefined>;

/** One HTTP/2 request for APNs: POST `path` with `headers` (plus authorization) and `body`. */
export interface ApnsRequest {
  provider: "apns";
  deviceToken: string;
  path: string;
  headers: ApnsHeaders;
  payload: ApnsPayload;
  /** The exact JSON sent; `byteLength` ≤ 4096 (5120 for VoIP). */
  body: string;
  byteLength: number;
  truncated: boolean;
  meta: PushDeliveryMeta;
}

const DEVICE_TOKEN = /^[0-9a-fA-F]{8,400}$/;

/** Builds an APNs request whose payload always fits (4096 bytes, 5120 for VoIP). Pure. */
export function buildApnsRequest(
  message: PushMessage,
  target: ApnsTarget,
  options: ApnsOptions,
): ApnsRequest {
  if (!DEVICE_TOKEN.test(target.deviceToken)) {
    throw new InvalidPushInputError(["target", "deviceToken"], "must be a hex APNs device token");
  }
  if (options.bundleId === "")
    throw new InvalidPushInputError(["options", "bundleId"], "must not be empty");
  const pushType = options.pushType ?? "alert";
  const prepared = preparePush(message, {
    ttlSeconds: options.ttlSeconds,
    reservedDataKeys: ["aps", "img"],
  });
  const headers = apnsHeaders(pushType, prepared, options);
  const limit = pushType === "voip" ? PAYLOAD_LIMITS.apnsVoip : PAYLOAD_LIMITS.apns;
  // The aps keys after `alert` and the custom keys do not depend on the text: built once.
  const apsRest = apsWithoutAlert(pushType, prepared, options);
  const tail = payloadTail(pushType, prepared);
  const fitted = fitPayload(`APNs ${pushType}`, limit, prepared.text, (text) => {
    const aps: ApnsAps = pushType === "background" ? {} : { alert: apnsAlert(text) };
    return Object.assign({ aps: Object.assign(aps, apsRest) }, tail) as ApnsPayload;
  });
  return {
    provider: "apns",
    deviceToken: target.deviceToken,
    path: `/3/device/${target.deviceToken}`,
    headers,
    payload: fitted.payload,
    body: fitted.json,
    byteLength: fitted.byteLength,
    truncated: fitted.truncated,
    meta: prepared.meta,
  };
}

function apnsHeaders(
  pushType: ApnsPushType,
  prepared: PreparedPush,
  options: ApnsOptions,
): ApnsHeaders {
  const priority = options.priority ?? (pushType === "background" ? 5 : 10);
  if (pushType === "background" && priority === 10) {
    throw new InvalidPushInputError(
      ["options", "priority"],
      "background pushes must use priority 5 or 1",
    );
  }
  const topic =
    pushType === "voip" && !options.bundleId.endsWith(".voip")
      ? `${options.bundleId}.voip`
      : options.bundleId;
  const headers: ApnsHeaders = {
    "apns-push-type": pushType,
    "apns-topic": topic,
    "apns-priority": String(priority),
    "apns-expiration": String(prepared.expiry.expiresAt),
  };
  if (options.collapseId !== undefined) {
    if (options.collapseId === "" || utf8ByteLength(options.collapseId) > 64) {
      throw new InvalidPushInputError(["options", "collapseId"], "must be 1-64 bytes");
    }
    headers["apns-collapse-id"] = options.collapseId;
  }
  if (options.apnsId !== undefined) headers["apns-id"] = options.apnsId;
  return headers;
}

function apsWithoutAlert(
  pushType: ApnsPushType,
  prepared: PreparedPush,
  options: ApnsOptions,
): ApnsAps {
  const aps: ApnsAps = {};
  if (pushType === "background") {
    // Apple drops background pushes that carry alert, badge or sound.
    aps["content-available"] = 1;
    return aps;
  }
  if (options.badge !== undefined) aps.badge = options.badge;
  if (options.sound !== undefined) aps.sound = options.sound;
  if (options.threadId !== undefined) aps["thread-id"] = options.threadId;
  if (options.category !== undefined) aps.category = options.category;
  // The Notification Service Extension downloads the image; it only runs with mutable-content.
  if (prepared.imageUrl !== undefined) aps["mutable-content"] = 1;
  aps["interruption-level"] = prepared.timeSensitive
    ? "time-sensitive"
    : (options.interruptionLevel ?? "active");
  if (prepared.score !== undefined && Number.isFinite(prepared.score)) {
    aps["relevance-score"] = Math.min(1, Math.max(0, prepared.score));
  }
  return aps;
}

/** Top-level keys after `aps`: the image URL for the extension, attribution, then custom data. */
function payloadTail(pushType: ApnsPushType, prepared: PreparedPush): Record<string, JsonValue> {
  const tail: Record<string, JsonValue> = {};
  if (pushType !== "background" && prepared.imageUrl !== undefined) tail.img = prepared.imageUrl;
  Object.assign(tail, prepared.attribution);
  for (const [key, value] of prepared.customData) tail[key] = value;
  return tail;
}

function apnsAlert(text: PushText): ApnsAlert {
  const alert = {} as ApnsAlert;
  if (text.title !== undefined && text.title !== "") alert.title = text.title;
  if (text.subtitle !== undefined && text.subtitle !== "") alert.subtitle = text.subtitle;
  alert.body = text.body;
  return alert;
}
