import type { ApnsPushType } from "../providers/apns/build-apns-request.js";
import { buildApnsRequest } from "../providers/apns/build-apns-request.js";
import { buildExpoRequest } from "../providers/expo/build-expo-message.js";
import { buildFcmRequest, type FcmTarget } from "../providers/fcm/build-fcm-message.js";
import {
  buildWebPushRequest,
  type WebPushSubscription,
} from "../providers/webpush/build-web-push-request.js";
import type { PushMessage } from "../message/push-message.js";
import { APNS_PRODUCTION } from "../senders/apns/apns-sender.js";
import { FCM_ENDPOINT } from "../senders/fcm/fcm-sender.js";

export type PushProvider = "apns" | "fcm" | "webpush" | "expo";
export const PUSH_PROVIDERS: readonly PushProvider[] = ["apns", "fcm", "webpush", "expo"];

const EXPO_SEND_URL = "https://exp.host/--/api/v2/push/send";

export interface ProviderSettings {
  target: string | undefined;
  topic: string | undefined;
  subscription: WebPushSubscription | undefined;
  bundleId: string;
  pushType: ApnsPushType;
  projectId: string;
}

/** What `push build` prints: the HTTP request a sender would make, minus credentials. */
export interface PrintedRequest {
  provider: PushProvider;
  method: "POST";
  url: string;
  headers: Record<string, string>;
  body: unknown;
  byteLength: number;
  limit: number;
  truncated: boolean;
}

// Placeholder targets keep `push build` usable as a preview without a real device.
const PLACEHOLDER = {
  apns: "00".repeat(32),
  fcm: "<fcm-registration-token>",
  expo: "ExponentPushToken[placeholder]",
  webpush: {
    endpoint: "https://push.example/placeholder",
    keys: { p256dh: "<p256dh>", auth: "<auth>" },
  },
};

export function buildProviderRequest(
  provider: PushProvider,
  message: PushMessage,
  s: ProviderSettings,
): PrintedRequest {
  switch (provider) {
    case "apns": {
      const r = buildApnsRequest(
        message,
        { deviceToken: s.target ?? PLACEHOLDER.apns },
        { bundleId: s.bundleId, pushType: s.pushType },
      );
      const limit = s.pushType === "voip" ? 5120 : 4096;
      return {
        provider,
        method: "POST",
        url: `${APNS_PRODUCTION}${r.path}`,
        headers: { ...r.headers },
        body: r.payload,
        byteLength: r.byteLength,
        limit,
        truncated: r.truncated,
      };
    }
    case "fcm": {
      const target: FcmTarget =
        s.topic !== undefined ? { topic: s.topic } : { token: s.target ?? PLACEHOLDER.fcm };
      const r = buildFcmRequest(message, target, { projectId: s.projectId });
      return {
        provider,
        method: "POST",
        url: `${FCM_ENDPOINT}${r.path}`,
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.parse(r.body) as unknown,
        byteLength: r.byteLength,
        limit: r.limit,
        truncated: r.truncated,
      };
    }
    case "webpush": {
      const r = buildWebPushRequest(message, s.subscription ?? PLACEHOLDER.webpush);
      const headers: Record<string, string> = {
        ...r.headers,
        "content-encoding": r.contentEncoding,
      };
      return {
        provider,
        method: "POST",
        url: r.subscription.endpoint,
        headers,
        body: r.payload,
        byteLength: r.byteLength,
        limit: r.limit,
        truncated: r.truncated,
      };
    }
    case "expo": {
      const r = buildExpoRequest(message, { to: s.target ?? PLACEHOLDER.expo });
      return {
        provider,
        method: "POST",
        url: EXPO_SEND_URL,
        headers: { "content-type": "application/json" },
        body: [r.message],
        byteLength: r.byteLength,
        limit: 4096,
        truncated: r.truncated,
      };
    }
  }
}
