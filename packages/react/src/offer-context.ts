import { createContext, useContext } from "react";
import type { OfferStore } from "@offerkit/client";
import type { HtmlSanitizer } from "./html-sanitizer.js";

export interface OfferContextValue {
  store: OfferStore;
  sanitizer: HtmlSanitizer;
  /** How long a slot keeps its fallback invisible while waiting for an answer. */
  revealAfterMs: number;
}

export const OfferContext = createContext<OfferContextValue | null>(null);

/** The provider's store and settings; null outside an OfferProvider. */
export function useOfferContext(): OfferContextValue | null {
  return useContext(OfferContext);
}
