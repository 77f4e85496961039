export { OfferProvider, type OfferProviderProps } from "./offer-provider.js";
export { useOffers } from "./use-offers.js";
export { OfferSlot, type OfferContent, type OfferSlotProps } from "./offer-slot.js";
export { RepresentationView, type RepresentationViewProps } from "./representation-view.js";
export {
  createHtmlSanitizer,
  defaultHtmlSanitizer,
  type HtmlSanitizer,
  type PurifyInstance,
} from "./html-sanitizer.js";
export { useOfferContext, type OfferContextValue } from "./offer-context.js";
export type { ScopeSnapshot, ScopeStatus } from "@offerkit/client";
