// The shapes the UI reads from the server. Types only: they come from @offerkit/core's zod model,
// so nothing of core is bundled into the UI.
export type {
  Offer,
  Representation,
  ContentType,
  Placement,
  Rule,
  Decision,
  DecisionResponse,
  ScopeTrace,
  TraceCandidate,
  Proposition,
} from "@offerkit/core";

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
