import type { DecisionRequestInput, DecisionResponse, JsonValue } from "@offerkit/core";

/** One addressee of a campaign. `id` is the profile id offers are decided for. */
export interface Recipient {
  id: string;
  email: string;
  /** Profile attributes (rules read them as `profile.*`, templates as `{{ profile.* }}`). */
  profile?: Record<string, JsonValue>;
  /** Request context for this recipient (e.g. cartValue), merged over the campaign context. */
  context?: Record<string, JsonValue>;
}

/** Anything that decides: the in-process DecisionEngine or the HTTP client. */
export interface OfferDecider {
  decide(request: DecisionRequestInput): Promise<DecisionResponse>;
}
