import type { JsonValue } from "@offerkit/core";
import type { PushText } from "../../content/push-content.js";
import { InvalidPushInputError } from "../../errors/push-error.js";
import type { AttributionKeys } from "../../message/attribution.js";
import { preparePush, type PreparedPush } from "../../message/prepare-push.js";
import type { PushDeliveryMeta, PushMessage } from "../../message/push-message.js";
import { fitPayload } from "../../text/fit-payload.js";
import { PAYLOAD_LIMITS } from "../limits.js";

export interface ExpoTarget {
  /** `ExponentPushToken[…]` or `ExpoPushToken[…]`. */
  to: string;
}

export interface ExpoOptions {
  sound?: string;
  badge?: number;
  priority?: "default" | "normal" | "high";
  channelId?: string;
  categoryId?: string;
  interruptionLevel?: "passive" | "active";
  /** Cap on the TTL (default 28 days); the offer's end date shortens it further. */
  ttlSeconds?: number;
}

/** One Expo push message (an element of the array POSTed to Expo's /--/api/v2/push/send). */
export interface ExpoMessage {
  to: string;
  title?: string;
  subtitle?: string;
  body: string;
  data: AttributionKeys & Record<string, JsonValue | undefined>;
  ttl: number;
  expiration: number;
  priority: "default" | "normal" | "high";
  sound?: string;
  badge?: number;
  channelId?: string;
  categoryId?: string;
  interruptionLevel?: "passive" | "active" | "time-sensitive";
  mutableContent?: true;
  richContent?: { image: string };
}

export interface ExpoRequest {
  provider: "expo";
  message: ExpoMessage;
  /** The serialized message; `byteLength` ≤ 4096 (Expo's whole-notification limit). */
  body: string;
  byteLength: number;
  truncated: boolean;
  meta: PushDeliveryMeta;
}

const EXPO_TOKEN = /^Expo(?:nent)?PushToken\[[^\]]+\]$/;

/** Builds an Expo push message whose serialized form always fits 4096 bytes. Pure. */
export function buildExpoRequest(
  message: PushMessage,
  target: ExpoTarget,
  options: ExpoOptions = {},
): ExpoRequest {
  if (!EXPO_TOKEN.test(target.to))
    throw new InvalidPushInputError(["target", "to"], "must be an Expo push token");
  const prepared = preparePush(message, { ttlSeconds: options.ttlSeconds });
  const fitted = fitPayload("Expo", PAYLOAD_LIMITS.expo, prepared.text, (text) =>
    expoMessage(target.to, text, prepared, options),
  );
  return {
    provider: "expo",
    message: fitted.payload,
    body: fitted.json,
    byteLength: fitted.byteLength,
    truncated: fitted.truncated,
    meta: prepared.meta,
  };
}

function expoMessage(
  to: string,
  text: PushText,
  prepared: PreparedPush,
  options: ExpoOptions,
): ExpoMessage {
  const message = { to } as ExpoMessage;
  if (text.title !== undefined && text.title !== "") message.title = text.title;
  if (text.subtitle !== undefined && text.subtitle !== "") message.subtitle = text.subtitle;
  message.body = text.body;
  const data = { ...prepared.attribution } as ExpoMessage["data"];
  for (const [key, value] of prepared.customData) data[key] = value;
  message.data = data;
  message.ttl = prepared.expiry.ttlSeconds;
  message.expiration = prepared.expiry.expiresAt;
  message.priority = options.priority ?? "high";
  if (options.sound !== undefined) message.sound = options.sound;
  if (options.badge !== undefined) message.badge = options.badge;
  if (options.channelId !== undefined) message.channelId = options.channelId;
  if (options.categoryId !== undefined) message.categoryId = options.categoryId;
  message.interruptionLevel = prepared.timeSensitive
    ? "time-sensitive"
    : (options.interruptionLevel ?? "active");
  if (prepared.imageUrl !== undefined) {
    // iOS shows the image through a notification service extension, which needs mutableContent.
    message.mutableContent = true;
    message.richContent = { image: prepared.imageUrl };
  }
  return message;
}
