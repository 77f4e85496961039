import type { PushText } from "../../content/push-content.js";
import { InvalidPushInputError } from "../../errors/push-error.js";
import { preparePush, type PreparedPush } from "../../message/prepare-push.js";
import type { PushDeliveryMeta, PushMessage } from "../../message/push-message.js";
import { fitPayload } from "../../text/fit-payload.js";
import { utf8ByteLength } from "../../text/utf8-byte-length.js";
import { PAYLOAD_LIMITS } from "../limits.js";
import { assertWebPushTopic, assertWebPushUrgency } from "../webpush/web-push-headers.js";
import { assertFcmDataKey, toFcmDataValue } from "./fcm-data.js";

/** Exactly one target per message. `fid` is the Firebase Installation ID target of newer APIs. */
export type FcmTarget =
  | { token: string }
  | { topic: string }
  | { condition: string }
  | { fid: string };

export interface FcmOptions {
  projectId: string;
  android?: {
    priority?: "NORMAL" | "HIGH";
    collapseKey?: string;
    restrictedPackageName?: string;
    channelId?: string;
    icon?: string;
    /** #rrggbb */
    color?: string;
    sound?: string;
    tag?: string;
    clickAction?: string;
  };
  apns?: {
    priority?: 10 | 5;
    collapseId?: string;
    interruptionLevel?: "passive" | "active";
    sound?: string;
    badge?: number;
    threadId?: string;
    category?: string;
  };
  webpush?: {
    urgency?: "very-low" | "low" | "normal" | "high";
    topic?: string;
  };
  analyticsLabel?: string;
  /** Cap on the TTL (default and maximum 28 days); the offer's end date shortens it further. */
  ttlSeconds?: number;
  validateOnly?: boolean;
}

export interface FcmMessage {
  token?: string;
  topic?: string;
  condition?: string;
  fid?: string;
  notification: { title?: string; body: string; image?: string };
  data: Record<string, string>;
  android: Record<string, unknown>;
  apns: {
    headers: Record<string, string>;
    payload: { aps: Record<string, unknown> };
    fcm_options?: { image: string };
  };
  webpush: {
    headers: Record<string, string>;
    notification?: { lang: string; dir: string };
    fcm_options?: { link: string };
  };
  fcm_options?: { analytics_label: string };
}

/** POST `path` on the FCM endpoint with `body` and an OAuth bearer token. */
export interface FcmRequest {
  provider: "fcm";
  path: string;
  message: FcmMessage;
  body: string;
  /** UTF-8 bytes of the serialized `message` (the whole message, stricter than FCM's own count). */
  byteLength: number;
  limit: number;
  truncated: boolean;
  meta: PushDeliveryMeta;
}

const TOPIC = /^[a-zA-Z0-9\-_.~%]+$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const MAX_TTL_SECONDS = 2_419_200;

/** Builds an FCM HTTP v1 send request that always fits (4096 bytes, 2048 for topic targets). Pure. */
export function buildFcmRequest(
  message: PushMessage,
  target: FcmTarget,
  options: FcmOptions,
): FcmRequest {
  if (options.projectId === "" || options.projectId.includes("/")) {
    throw new InvalidPushInputError(["options", "projectId"], "must be a Firebase project id");
  }
  if (options.ttlSeconds !== undefined && options.ttlSeconds > MAX_TTL_SECONDS) {
    throw new InvalidPushInputError(
      ["options", "ttlSeconds"],
      `FCM keeps messages at most ${MAX_TTL_SECONDS} s`,
    );
  }
  if (options.android?.color !== undefined && !COLOR.test(options.android.color)) {
    throw new InvalidPushInputError(["options", "android", "color"], "must be #rrggbb");
  }
  if (options.webpush?.topic !== undefined)
    assertWebPushTopic(options.webpush.topic, ["options", "webpush", "topic"]);
  if (options.webpush?.urgency !== undefined)
    assertWebPushUrgency(options.webpush.urgency, ["options", "webpush", "urgency"]);
  const targetFields = fcmTarget(target);
  const isTopic = "topic" in targetFields || "condition" in targetFields;
  const limit = isTopic ? PAYLOAD_LIMITS.fcmTopic : PAYLOAD_LIMITS.fcm;
  const prepared = preparePush(message, { ttlSeconds: options.ttlSeconds });
  // Everything but the notification text is built once; compose only rebuilds what truncation changes.
  const fixed: FixedParts = {
    data: fcmData(prepared),
    android: androidConfig(prepared, options),
    apns: apnsConfig(prepared, options),
    webpush: webpushConfig(prepared, options),
  };
  if (options.analyticsLabel !== undefined)
    fixed.fcm_options = { analytics_label: options.analyticsLabel };
  // FCM's cross-platform notification has no subtitle: it is not sent, so it is not fitted either.
  const text: PushText = { body: prepared.text.body };
  if (prepared.text.title !== undefined) text.title = prepared.text.title;
  const fitted = fitPayload(isTopic ? "FCM topic" : "FCM", limit, text, (t) =>
    fcmMessage(targetFields, t, prepared.imageUrl, fixed),
  );
  let body = `{"message":${fitted.json}`;
  if (options.validateOnly === true) body += `,"validate_only":true`;
  body += "}";
  return {
    provider: "fcm",
    path: `/v1/projects/${encodeURIComponent(options.projectId)}/messages:send`,
    message: fitted.payload,
    body,
    byteLength: fitted.byteLength,
    limit,
    truncated: fitted.truncated,
    meta: prepared.meta,
  };
}

function fcmTarget(target: FcmTarget): TargetFields {
  const keys = Object.keys(target);
  if (keys.length !== 1)
    throw new InvalidPushInputError(["target"], "exactly one of token, topic, condition, fid");
  if ("topic" in target) {
    const topic = target.topic.startsWith("/topics/")
      ? target.topic.slice("/topics/".length)
      : target.topic;
    if (!TOPIC.test(topic))
      throw new InvalidPushInputError(["target", "topic"], "must match [a-zA-Z0-9-_.~%]+");
    return { topic };
  }
  const [key] = keys as ("token" | "condition" | "fid")[];
  const value = (target as Record<string, unknown>)[key!];
  if (typeof value !== "string" || value === "")
    throw new InvalidPushInputError(["target", key!], "must be a non-empty string");
  return { [key!]: value };
}

function fcmData(prepared: PreparedPush): Record<string, string> {
  const data: Record<string, string> = { ...prepared.attribution } as Record<string, string>;
  for (const [key, value] of prepared.customData) {
    assertFcmDataKey(key);
    data[key] = toFcmDataValue(value);
  }
  return data;
}

type FixedParts = Pick<FcmMessage, "data" | "android" | "apns" | "webpush" | "fcm_options">;
type TargetFields = Pick<FcmMessage, "token" | "topic" | "condition" | "fid">;

function fcmMessage(
  target: TargetFields,
  text: PushText,
  imageUrl: string | undefined,
  fixed: FixedParts,
): FcmMessage {
  const notification = {} as FcmMessage["notification"];
  if (text.title !== undefined && text.title !== "") notification.title = text.title;
  notification.body = text.body;
  if (imageUrl !== undefined) notification.image = imageUrl;
  const message = {} as FcmMessage;
  if (target.token !== undefined) message.token = target.token;
  if (target.topic !== undefined) message.topic = target.topic;
  if (target.condition !== undefined) message.condition = target.condition;
  if (target.fid !== undefined) message.fid = target.fid;
  message.notification = notification;
  message.data = fixed.data;
  message.android = fixed.android;
  message.apns = fixed.apns;
  message.webpush = fixed.webpush;
  if (fixed.fcm_options !== undefined) message.fcm_options = fixed.fcm_options;
  return message;
}

function androidConfig(prepared: PreparedPush, options: FcmOptions): Record<string, unknown> {
  const a = options.android ?? {};
  const config: Record<string, unknown> = {};
  if (a.collapseKey !== undefined) config.collapse_key = a.collapseKey;
  config.priority = a.priority ?? "HIGH";
  config.ttl = `${prepared.expiry.ttlSeconds}s`;
  if (a.restrictedPackageName !== undefined)
    config.restricted_package_name = a.restrictedPackageName;
  const notification: Record<string, string> = {};
  if (a.channelId !== undefined) notification.channel_id = a.channelId;
  if (a.icon !== undefined) notification.icon = a.icon;
  if (a.color !== undefined) notification.color = a.color;
  if (a.sound !== undefined) notification.sound = a.sound;
  if (a.tag !== undefined) notification.tag = a.tag;
  if (a.clickAction !== undefined) notification.click_action = a.clickAction;
  if (Object.keys(notification).length > 0) config.notification = notification;
  return config;
}

function apnsConfig(prepared: PreparedPush, options: FcmOptions): FcmMessage["apns"] {
  const a = options.apns ?? {};
  const headers: Record<string, string> = {
    "apns-push-type": "alert",
    "apns-priority": String(a.priority ?? 10),
    "apns-expiration": String(prepared.expiry.expiresAt),
  };
  if (a.collapseId !== undefined) {
    if (a.collapseId === "" || utf8ByteLength(a.collapseId) > 64) {
      throw new InvalidPushInputError(["options", "apns", "collapseId"], "must be 1-64 bytes");
    }
    headers["apns-collapse-id"] = a.collapseId;
  }
  const aps: Record<string, unknown> = {};
  if (a.badge !== undefined) aps.badge = a.badge;
  if (a.sound !== undefined) aps.sound = a.sound;
  if (a.threadId !== undefined) aps["thread-id"] = a.threadId;
  if (a.category !== undefined) aps.category = a.category;
  if (prepared.imageUrl !== undefined) aps["mutable-content"] = 1;
  aps["interruption-level"] = prepared.timeSensitive
    ? "time-sensitive"
    : (a.interruptionLevel ?? "active");
  if (prepared.score !== undefined && Number.isFinite(prepared.score)) {
    aps["relevance-score"] = Math.min(1, Math.max(0, prepared.score));
  }
  const config: FcmMessage["apns"] = { headers, payload: { aps } };
  if (prepared.imageUrl !== undefined) config.fcm_options = { image: prepared.imageUrl };
  return config;
}

function webpushConfig(prepared: PreparedPush, options: FcmOptions): FcmMessage["webpush"] {
  const w = options.webpush ?? {};
  const headers: Record<string, string> = { TTL: String(prepared.expiry.ttlSeconds) };
  if (w.urgency !== undefined) headers.Urgency = w.urgency;
  if (w.topic !== undefined) headers.Topic = w.topic;
  const config: FcmMessage["webpush"] = { headers };
  if (prepared.lang !== undefined && prepared.dir !== undefined) {
    config.notification = { lang: prepared.lang, dir: prepared.dir };
  }
  // FCM opens fcm_options.link on click and only accepts https.
  if (prepared.deepLink?.startsWith("https://") === true)
    config.fcm_options = { link: prepared.deepLink };
  return config;
}
