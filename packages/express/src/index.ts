export { offerkit, decisioningRouter } from "./express/offerkit.js";
export type { OfferkitOptions } from "./express/offerkit-options.js";
export {
  anonymousId,
  anonymousIdentity,
  readCookie,
  type AnonymousIdOptions,
} from "./express/anonymous-id.js";
export { OffersScope, type OffersScopeOptions } from "./handler/offers-scope.js";
export {
  handleDecisioningRequest,
  type DecisioningRequest,
  type DecisioningResponse,
} from "./handler/handle-decisioning-request.js";
export type { DecisionBackend, RequestContext, Visitor } from "./handler/decision-backend.js";
export { bootstrapScript, type OfferBootstrap } from "@offerkit/client";
