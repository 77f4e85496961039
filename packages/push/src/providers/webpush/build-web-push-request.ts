import type { JsonValue } from "@offerkit/core";
import type { PushText } from "../../content/push-content.js";
import { InvalidPushInputError } from "../../errors/push-error.js";
import type { AttributionKeys } from "../../message/attribution.js";
import { preparePush, type PreparedPush } from "../../message/prepare-push.js";
import type { PushDeliveryMeta, PushMessage } from "../../message/push-message.js";
import { fitPayload } from "../../text/fit-payload.js";
import { PAYLOAD_LIMITS } from "../limits.js";
import {
  assertWebPushTopic,
  assertWebPushUrgency,
  type WebPushUrgency,
} from "./web-push-headers.js";

export interface WebPushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface WebPushOptions {
  /** Default aes128gcm (plaintext limit 3993 bytes); aesgcm allows 4078. */
  contentEncoding?: "aes128gcm" | "aesgcm";
  urgency?: WebPushUrgency;
  /** ≤ 32 URL-safe base64 chars; replaces an undelivered push with the same topic. */
  topic?: string;
  /** Cap on the TTL (default 28 days); the offer's end date shortens it further. */
  ttlSeconds?: number;
  icon?: string;
  badge?: string;
  tag?: string;
  /**
   * Emit the Declarative Web Push shape (`web_push: 8030`, `notification.navigate`) when the deep
   * link is https. Default true; the classic service-worker fields are the same object either way.
   */
  declarative?: boolean;
}

export interface WebPushNotification {
  title: string;
  body: string;
  lang?: string;
  dir?: "ltr" | "rtl";
  navigate?: string;
  icon?: string;
  image?: string;
  badge?: string;
  tag?: string;
  data: AttributionKeys & Record<string, JsonValue | undefined>;
}

/**
 * What the service worker receives: `event.data.json()`. Show it with
 * `registration.showNotification(n.notification.title, n.notification)`; browsers with
 * Declarative Web Push display it on their own.
 */
export interface WebPushPayload {
  web_push?: 8030;
  notification: WebPushNotification;
}

export interface WebPushRequest {
  provider: "webpush";
  subscription: WebPushSubscription;
  payload: WebPushPayload;
  /** The exact plaintext to encrypt; `byteLength` ≤ 3993 (aes128gcm) or 4078 (aesgcm). */
  body: string;
  byteLength: number;
  limit: number;
  truncated: boolean;
  contentEncoding: "aes128gcm" | "aesgcm";
  /** RFC 8030 headers (the encryption and VAPID headers are added by the sender). */
  headers: { TTL: string; Urgency: WebPushUrgency; Topic?: string };
  meta: PushDeliveryMeta;
}

/** Builds a Web Push notification whose plaintext always fits one aes128gcm record. Pure. */
export function buildWebPushRequest(
  message: PushMessage,
  subscription: WebPushSubscription,
  options: WebPushOptions = {},
): WebPushRequest {
  if (!URL.canParse(subscription.endpoint))
    throw new InvalidPushInputError(["subscription", "endpoint"], "must be a URL");
  if (subscription.keys.p256dh === "" || subscription.keys.auth === "") {
    throw new InvalidPushInputError(["subscription", "keys"], "p256dh and auth are required");
  }
  const urgency = options.urgency ?? "normal";
  assertWebPushUrgency(urgency, ["options", "urgency"]);
  if (options.topic !== undefined) assertWebPushTopic(options.topic, ["options", "topic"]);
  const contentEncoding = options.contentEncoding ?? "aes128gcm";
  const limit =
    contentEncoding === "aesgcm" ? PAYLOAD_LIMITS.webPushAesgcm : PAYLOAD_LIMITS.webPushAes128gcm;
  const prepared = preparePush(message, { ttlSeconds: options.ttlSeconds });
  // Web notifications have no subtitle: it is neither sent nor fitted.
  const text: PushText = { title: prepared.text.title ?? "", body: prepared.text.body };
  const fitted = fitPayload("Web Push", limit, text, (t) => webPushPayload(t, prepared, options));
  const headers: WebPushRequest["headers"] = {
    TTL: String(prepared.expiry.ttlSeconds),
    Urgency: urgency,
  };
  if (options.topic !== undefined) headers.Topic = options.topic;
  return {
    provider: "webpush",
    subscription,
    payload: fitted.payload,
    body: fitted.json,
    byteLength: fitted.byteLength,
    limit,
    truncated: fitted.truncated,
    contentEncoding,
    headers,
    meta: prepared.meta,
  };
}

function webPushPayload(
  text: PushText,
  prepared: PreparedPush,
  options: WebPushOptions,
): WebPushPayload {
  const navigate =
    prepared.deepLink?.startsWith("https://") === true ? prepared.deepLink : undefined;
  const notification = { title: text.title ?? "", body: text.body } as WebPushNotification;
  if (prepared.lang !== undefined) notification.lang = prepared.lang;
  if (prepared.dir !== undefined) notification.dir = prepared.dir;
  if (navigate !== undefined) notification.navigate = navigate;
  if (options.icon !== undefined) notification.icon = options.icon;
  if (prepared.imageUrl !== undefined) notification.image = prepared.imageUrl;
  if (options.badge !== undefined) notification.badge = options.badge;
  if (options.tag !== undefined) notification.tag = options.tag;
  const data = { ...prepared.attribution } as WebPushNotification["data"];
  for (const [key, value] of prepared.customData) data[key] = value;
  notification.data = data;
  // Declarative Web Push requires a navigate URL; without one only the classic shape is valid.
  const declarative = (options.declarative ?? true) && navigate !== undefined;
  return declarative ? { web_push: 8030, notification } : { notification };
}
