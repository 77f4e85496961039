import type { JsonValue } from "@offerkit/core";
import { localize } from "../content/localize.js";
import { readPushContent, type PushText } from "../content/push-content.js";
import { InvalidPushInputError } from "../errors/push-error.js";
import { ATTRIBUTION_KEY_NAMES, type AttributionKeys } from "./attribution.js";
import { computeExpiry, type Expiry } from "./expiry.js";
import type { PushDeliveryMeta, PushMessage } from "./push-message.js";

/** Everything a provider builder needs, provider-independent and validated. */
export interface PreparedPush {
  text: PushText;
  lang?: string;
  dir?: "ltr" | "rtl";
  imageUrl?: string;
  deepLink?: string;
  attribution: AttributionKeys;
  /** App-defined keys in sorted order. */
  customData: [string, JsonValue][];
  expiry: Expiry;
  meta: PushDeliveryMeta;
  /** The item's score, when it was ranked (fallbacks have none). */
  score?: number;
  /** Offer attribute `timeSensitive: true` asks for a time-sensitive interruption level. */
  timeSensitive: boolean;
}

export function preparePush(
  message: PushMessage,
  options: { ttlSeconds?: number | undefined; reservedDataKeys?: readonly string[] },
): PreparedPush {
  if (message.messageId === "" || message.messageId.length > 100) {
    throw new InvalidPushInputError(["messageId"], "must be 1-100 characters");
  }
  if (message.profileId === "") throw new InvalidPushInputError(["profileId"], "must not be empty");
  const { item, proposition } = message;
  const content = readPushContent(item.representation);
  const localized = localize(content, message.locale);
  const lang = localized.lang;
  // A copy: the localized text may be the cached content's own object.
  const text: PushText = { ...localized.text };
  if (text.title === undefined && message.defaultTitle !== undefined)
    text.title = message.defaultTitle;

  const attribution: AttributionKeys = {
    pid: proposition.id,
    oid: item.offerId,
    plc: proposition.placementId,
    mid: message.messageId,
  };
  if (content.deepLink !== undefined) attribution.dl = content.deepLink;
  if (message.trackingToken !== undefined) attribution.trk = message.trackingToken;

  const prepared: PreparedPush = {
    text,
    attribution,
    customData: customData(message.data, options.reservedDataKeys ?? []),
    expiry: computeExpiry({
      offerId: item.offerId,
      offerEndDate: message.offerEndDate,
      now: message.now ?? new Date(),
      maxTtlSeconds: options.ttlSeconds,
    }),
    meta: {
      profileId: message.profileId,
      propositionId: proposition.id,
      decisionId: proposition.decisionId,
      placementId: proposition.placementId,
      offerId: item.offerId,
      messageId: message.messageId,
    },
    timeSensitive: item.attributes.timeSensitive === true,
  };
  if (lang !== undefined) prepared.lang = lang;
  if (localized.dir !== undefined) prepared.dir = localized.dir;
  if (content.imageUrl !== undefined) prepared.imageUrl = content.imageUrl;
  if (content.deepLink !== undefined) prepared.deepLink = content.deepLink;
  if ("score" in item) prepared.score = item.score;
  return prepared;
}

/** Sorted so that payloads are byte-stable whatever order the caller built the object in. */
function customData(
  data: Record<string, JsonValue> | undefined,
  reserved: readonly string[],
): [string, JsonValue][] {
  if (data === undefined) return [];
  const entries = Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key] of entries) {
    if (ATTRIBUTION_KEY_NAMES.includes(key) || reserved.includes(key)) {
      throw new InvalidPushInputError(["data", key], "reserved key");
    }
  }
  return entries;
}
