import type { DecisionRequestInput, DecisionResponse, FeedbackEvent } from "@offerkit/core";

/**
 * A decision request as a client sends it. `profile` is optional because an app's own decisioning
 * router (see @offerkit/express) identifies the visitor on the server and ignores any profile
 * the browser sends; the decision server and the in-process engine require it.
 */
export type OfferRequest = Omit<DecisionRequestInput, "profile"> & {
  profile?: DecisionRequestInput["profile"];
};

export interface TrackResult {
  accepted: number;
  duplicates: number;
}

/** Anything that can decide: an OfferkitClient, an in-process DecisionEngine, a test double. */
export interface DecisionSource {
  decide(request: OfferRequest): Promise<DecisionResponse>;
}

/** Anything that accepts feedback events: an OfferkitClient or a DecisionEngine. */
export interface EventSink {
  track(events: FeedbackEvent[]): Promise<unknown>;
}
