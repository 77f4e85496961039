export * from "./push-outcome.js";
export { parseRetryAfter } from "./retry-after.js";
export {
  displayEventFor,
  type Clock,
  type DeliveredCallback,
  type DisplayEvent,
} from "./delivery-reporter.js";
export { sendWithRetries, type RetryPolicy } from "./send-with-retries.js";
export { ApnsTokenSigner, type ApnsTokenSignerOptions } from "./apns/apns-token-signer.js";
export {
  ApnsSender,
  APNS_PRODUCTION,
  APNS_SANDBOX,
  type ApnsSenderOptions,
} from "./apns/apns-sender.js";
export { apnsOutcome } from "./apns/apns-outcome.js";
export {
  FcmSender,
  FCM_ENDPOINT,
  type FcmAccessTokenProvider,
  type FcmSenderOptions,
} from "./fcm/fcm-sender.js";
export { fcmOutcome, type FcmErrorBody } from "./fcm/fcm-outcome.js";
export {
  WebPushSender,
  type VapidDetails,
  type WebPushSenderOptions,
} from "./webpush/web-push-sender.js";
export { webPushOutcome } from "./webpush/web-push-outcome.js";
export { ExpoSender, EXPO_ENDPOINT, type ExpoSenderOptions } from "./expo/expo-sender.js";
export { expoOutcome, type ExpoTicket } from "./expo/expo-outcome.js";
