import { useEffect, useRef, type ReactNode } from "react";
import type { OfferStore } from "@offerkit/client";
import type { Proposition } from "@offerkit/core";

export interface TrackedItemProps {
  store: OfferStore;
  proposition: Proposition;
  offerId: string;
  children: ReactNode;
}

/**
 * The element an impression is measured on. The store records at most one display per
 * proposition item, so re-renders, remounts and StrictMode's double effects cannot add more;
 * each click is one interact event.
 */
export function TrackedItem({
  store,
  proposition,
  offerId,
  children,
}: TrackedItemProps): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    return element ? store.trackVisibility(element, proposition, offerId) : undefined;
  }, [store, proposition, offerId]);
  return (
    <div
      ref={ref}
      data-offerkit-item=""
      data-offer-id={offerId}
      onClick={() => store.recordInteract(proposition, offerId)}
    >
      {children}
    </div>
  );
}
