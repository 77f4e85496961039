import { Suspense, type CSSProperties, type ReactNode } from "react";
import type { FallbackItem, Proposition, PropositionItem } from "@offerkit/core";
import { useOfferContext } from "./offer-context.js";
import { RepresentationView } from "./representation-view.js";
import { SlotErrorBoundary } from "./slot-error-boundary.js";
import { TrackedItem } from "./tracked-item.js";
import { useOffers } from "./use-offers.js";
import { useRevealAfter } from "./use-reveal-after.js";

/** What a render function receives for each item (a ranked item or the decision's fallback offer). */
export interface OfferContent {
  item: PropositionItem | FallbackItem;
  proposition: Proposition;
  /** True for the decision's fallback offer. */
  isFallback: boolean;
}

export interface OfferSlotProps {
  decisionId: string;
  placementId: string;
  itemCount?: number;
  /**
   * The host's own content for when there is no offer to show. While deciding it is rendered
   * invisibly to reserve the slot's space, so give it the size the offer will have.
   */
  fallback?: ReactNode;
  /** Overrides the provider's reveal delay for this slot. */
  revealAfterMs?: number;
  /** Custom layout for each item (required for JSON content). */
  children?: (content: OfferContent) => ReactNode;
  className?: string;
  style?: CSSProperties;
}

/** Renders the offers of one scope; the host's fallback whenever there is nothing (else) to show. */
export function OfferSlot(props: OfferSlotProps): ReactNode {
  const failed = <SlotFrame {...props} status="error" />;
  return (
    <SlotErrorBoundary fallback={props.fallback}>
      {/* During server rendering an error inside Suspense yields its fallback instead of failing the page. */}
      <Suspense fallback={failed}>
        <SlotContent {...props} />
      </Suspense>
    </SlotErrorBoundary>
  );
}

function SlotContent(props: OfferSlotProps): ReactNode {
  const { decisionId, placementId, itemCount, children } = props;
  const context = useOfferContext();
  const snapshot = useOffers(
    itemCount === undefined ? { decisionId, placementId } : { decisionId, placementId, itemCount },
  );
  const revealed = useRevealAfter(
    snapshot.status === "loading",
    props.revealAfterMs ?? context?.revealAfterMs ?? 1500,
  );
  const { proposition } = snapshot;
  if (!context || !proposition || revealed) {
    const status =
      snapshot.status !== "loading" && !revealed ? "error" : revealed ? "timeout" : "loading";
    return <SlotFrame {...props} status={status} />;
  }
  const items =
    proposition.items.length > 0
      ? proposition.items
      : proposition.fallback
        ? [proposition.fallback]
        : [];
  const isFallback = proposition.items.length === 0;
  const { sanitizer } = context;
  return (
    <div
      data-offerkit-slot=""
      data-status={snapshot.status}
      className={props.className}
      style={props.style}
    >
      {items.map((item) => (
        <TrackedItem
          key={`${proposition.id}:${item.offerId}`}
          store={context.store}
          proposition={proposition}
          offerId={item.offerId}
        >
          {children ? (
            children({ item, proposition, isFallback })
          ) : (
            <RepresentationView
              representation={item.representation}
              name={item.name}
              sanitizer={sanitizer}
            />
          )}
        </TrackedItem>
      ))}
    </div>
  );
}

/** The host fallback: invisible, inert and hidden from assistive tech while loading; shown otherwise. */
function SlotFrame({
  status,
  fallback,
  className,
  style,
}: OfferSlotProps & { status: "loading" | "timeout" | "error" }): ReactNode {
  const loading = status === "loading";
  return (
    <div
      data-offerkit-slot=""
      data-status={status}
      className={className}
      style={loading ? { ...style, visibility: "hidden" } : style}
      aria-hidden={loading || undefined}
      inert={loading || undefined}
    >
      {fallback}
    </div>
  );
}
