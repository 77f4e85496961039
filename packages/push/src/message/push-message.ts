import type { FallbackItem, JsonValue, PropositionItem } from "@offerkit/core";

/** The proposition fields a push needs (a core `Proposition` satisfies this). */
export interface PushPropositionRef {
  id: string;
  decisionId: string;
  placementId: string;
}

/** One push to one recipient about one offer: the provider-independent half of every build. */
export interface PushMessage {
  proposition: PushPropositionRef;
  /** The chosen item or the fallback; its representation is the push content. */
  item: PropositionItem | FallbackItem;
  profileId: string;
  /** Unique per push (≤ 100 chars); becomes `mid` and the id of the delivered display event. */
  messageId: string;
  /** Signed tracking token (`trk`), minted by the caller; carried verbatim, never cut. */
  trackingToken?: string;
  /** Recipient locale (BCP 47) for choosing localized text. */
  locale?: string;
  /**
   * The offer's end date: sets expiry/TTL, and a past date refuses the build. Proposition items
   * do not carry it, so callers pass it from the library.
   */
  offerEndDate?: string | Date;
  /** Build time (default: the current time); only used for TTL arithmetic. */
  now?: Date;
  /** Title used when the content has none (web notifications require a title). */
  defaultTitle?: string;
  /** App-defined extra keys, emitted after the attribution keys in sorted key order. */
  data?: Record<string, JsonValue>;
}

/** The ids a sender needs to report a delivered push as a display event. */
export interface PushDeliveryMeta {
  profileId: string;
  propositionId: string;
  decisionId: string;
  placementId: string;
  offerId: string;
  messageId: string;
}

/** The offer a proposition proposes first: its top item, or its fallback. */
export function firstOfferOf(proposition: {
  items: readonly PropositionItem[];
  fallback?: FallbackItem | undefined;
}): PropositionItem | FallbackItem | undefined {
  return proposition.items[0] ?? proposition.fallback;
}
