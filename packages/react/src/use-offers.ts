import { useSyncExternalStore } from "react";
import { OfferkitClientError, type ScopeSnapshot } from "@offerkit/client";
import type { ScopeRequest } from "@offerkit/core";
import { useOfferContext } from "./offer-context.js";

const NO_PROVIDER: ScopeSnapshot = {
  status: "error",
  proposition: undefined,
  error: new OfferkitClientError("BAD_REQUEST", "useOffers needs an <OfferProvider> above it"),
};
const noSubscription = (): (() => void) => () => undefined;
const noProvider = (): ScopeSnapshot => NO_PROVIDER;

/**
 * The state of one scope: `loading`, `ready` (ranked items), `fallback` (the decision's fallback
 * offer) or `error` (nothing to show). Only components using this scope re-render when it changes.
 * Without a provider it reports an error instead of throwing into the host tree.
 */
export function useOffers(scope: ScopeRequest): ScopeSnapshot {
  const store = useOfferContext()?.store;
  const observer = store?.observe(scope);
  return useSyncExternalStore(
    observer?.subscribe ?? noSubscription,
    observer?.getSnapshot ?? noProvider,
    observer?.getSnapshot ?? noProvider,
  );
}
