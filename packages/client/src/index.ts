export {
  createOfferkitClient,
  type OfferkitClient,
  type OfferkitClientOptions,
} from "./http/offerkit-client.js";
export type { DecisionSource, EventSink, OfferRequest, TrackResult } from "./http/offer-request.js";
export {
  OfferkitClientError,
  type OfferkitClientErrorOptions,
} from "./errors/offerkit-client-error.js";
export { asClientError } from "./errors/as-client-error.js";
export { EventQueue, type EventQueueOptions } from "./events/event-queue.js";
export { feedbackEvent } from "./events/feedback-event.js";
export { newEventId } from "./events/event-id.js";
export { Subscribable, type Listener } from "./store/subscribable.js";
export { ScopeObserver } from "./store/scope-observer.js";
export { OfferStore, type OfferStoreOptions } from "./store/offer-store.js";
export type { ScopeSnapshot, ScopeStatus } from "./store/scope-snapshot.js";
export { VisibilityTracker, type VisibilityTrackerOptions } from "./dom/visibility-tracker.js";
export {
  BOOTSTRAP_ELEMENT_ID,
  bootstrapScript,
  readBootstrap,
  serializeBootstrap,
  type OfferBootstrap,
} from "./bootstrap/offer-bootstrap.js";
