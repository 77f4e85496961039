import type { ApnsRequest } from "./apns/build-apns-request.js";
import type { ExpoRequest } from "./expo/build-expo-message.js";
import type { FcmRequest } from "./fcm/build-fcm-message.js";
import type { WebPushRequest } from "./webpush/build-web-push-request.js";

/** Any built provider request, discriminated by `provider`. */
export type PushRequest = ApnsRequest | FcmRequest | WebPushRequest | ExpoRequest;
