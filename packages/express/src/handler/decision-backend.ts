import type { DecisionRequestInput, DecisionResponse, JsonValue } from "@offerkit/core";

/**
 * What decides and counts: an in-process DecisionEngine or a remote OfferkitClient. Both have
 * this shape, which is why the middleware behaves the same whichever one it is given.
 */
export interface DecisionBackend {
  decide(request: DecisionRequestInput): Promise<DecisionResponse>;
  track(events: unknown[]): Promise<{ accepted: number; duplicates: number }>;
}

/** The profile a request is decided for, as the host app identifies it. */
export interface Visitor {
  id: string;
  attributes?: Record<string, JsonValue>;
}

export type RequestContext = Record<string, JsonValue>;
