export * from "./errors/index.js";
export { readPushContent, type PushContent, type PushText } from "./content/push-content.js";
export { localize, findLocale, type LocalizedText } from "./content/localize.js";
export { textDirection } from "./content/text-direction.js";
export type { AttributionKeys } from "./message/attribution.js";
export { computeExpiry, DEFAULT_MAX_TTL_SECONDS, type Expiry } from "./message/expiry.js";
export {
  firstOfferOf,
  type PushDeliveryMeta,
  type PushMessage,
  type PushPropositionRef,
} from "./message/push-message.js";
export { ELLIPSIS, truncateToJsonBytes } from "./text/truncate-to-json-bytes.js";
export { TRUNCATION_ORDER, fitPayload, type FittedPayload } from "./text/fit-payload.js";
export { utf8ByteLength } from "./text/utf8-byte-length.js";
export { PAYLOAD_LIMITS } from "./providers/limits.js";
export * from "./providers/apns/build-apns-request.js";
export * from "./providers/fcm/build-fcm-message.js";
export { isReservedFcmDataKey } from "./providers/fcm/fcm-data.js";
export * from "./providers/webpush/build-web-push-request.js";
export type { WebPushUrgency } from "./providers/webpush/web-push-headers.js";
export * from "./providers/expo/build-expo-message.js";
export type { PushRequest } from "./providers/push-request.js";
