import { OfferExpiredError } from "../errors/offer-expired-error.js";
import { InvalidPushInputError } from "../errors/push-error.js";

/** 28 days: FCM's maximum Android TTL and web-push's default; used as the cap everywhere. */
export const DEFAULT_MAX_TTL_SECONDS = 2_419_200;

export interface Expiry {
  /** Seconds the provider may keep the push undelivered. */
  ttlSeconds: number;
  /** UNIX seconds after which it must not be delivered. */
  expiresAt: number;
}

/**
 * TTL = min(offer end − now, cap): a push must not arrive after its offer ends. Without an end
 * date the cap applies. An end at or before now is an expired offer: nothing is built.
 */
export function computeExpiry(input: {
  offerId: string;
  offerEndDate: string | Date | undefined;
  now: Date;
  maxTtlSeconds: number | undefined;
}): Expiry {
  const cap = input.maxTtlSeconds ?? DEFAULT_MAX_TTL_SECONDS;
  if (!Number.isInteger(cap) || cap < 0) {
    throw new InvalidPushInputError(["options", "ttlSeconds"], "must be a non-negative integer");
  }
  const nowMs = input.now.getTime();
  let ttlSeconds = cap;
  if (input.offerEndDate !== undefined) {
    const end =
      input.offerEndDate instanceof Date ? input.offerEndDate : new Date(input.offerEndDate);
    if (Number.isNaN(end.getTime()))
      throw new InvalidPushInputError(["offerEndDate"], "not a date");
    if (end.getTime() <= nowMs) throw new OfferExpiredError(input.offerId, end);
    ttlSeconds = Math.min(cap, Math.floor((end.getTime() - nowMs) / 1000));
  }
  return { ttlSeconds, expiresAt: Math.floor(nowMs / 1000) + ttlSeconds };
}
