import { useEffect, useMemo, useState, type ReactNode } from "react";
import {
  OfferStore,
  type DecisionSource,
  type EventSink,
  type OfferBootstrap,
  type OfferkitClient,
  type OfferkitClientError,
} from "@offerkit/client";
import type { FeedbackEvent, JsonValue } from "@offerkit/core";
import { defaultHtmlSanitizer, type HtmlSanitizer } from "./html-sanitizer.js";
import { OfferContext, type OfferContextValue } from "./offer-context.js";

export interface OfferProviderProps {
  children?: ReactNode;
  /** Decide and track over HTTP (the app's own router or the decision server). */
  client?: OfferkitClient;
  /** Decide in process: anything with `decide(request)`; its `track(events)` is used when present. */
  engine?: DecisionSource & Partial<EventSink>;
  /** Decisions taken on the server: their slots render at once, with no request. */
  bootstrap?: OfferBootstrap;
  /** A store built elsewhere (tests, several roots on one page); the options above are then ignored. */
  store?: OfferStore;
  /** Needed with an engine or the decision server; an app's router identifies the visitor itself. */
  profile?: { id: string; attributes?: Record<string, JsonValue> };
  context?: Record<string, JsonValue>;
  /** Default 1500 ms; below the client's 2000 ms timeout so the fallback shows before the request gives up. */
  revealAfterMs?: number;
  sanitizer?: HtmlSanitizer;
  flushIntervalMs?: number;
  onError?: (error: OfferkitClientError) => void;
}

/**
 * Holds one OfferStore for its subtree. The store is created once: later changes to client,
 * engine, profile or bootstrap are ignored (remount with a `key` for a new visitor).
 */
export function OfferProvider(props: OfferProviderProps): ReactNode {
  const [store] = useState(() => props.store ?? createStore(props));
  // Ref-counted, so StrictMode's mount / unmount / mount leaves exactly one listener.
  useEffect(() => store.connect(), [store]);
  const sanitizer = props.sanitizer ?? defaultHtmlSanitizer;
  const revealAfterMs = props.revealAfterMs ?? 1500;
  const value = useMemo<OfferContextValue>(
    () => ({ store, sanitizer, revealAfterMs }),
    [store, sanitizer, revealAfterMs],
  );
  return <OfferContext.Provider value={value}>{props.children}</OfferContext.Provider>;
}

function createStore(props: OfferProviderProps): OfferStore {
  const source = props.client ?? props.engine;
  const engine = props.engine;
  const events =
    props.client ??
    (engine?.track ? { track: (batch: FeedbackEvent[]) => engine.track!(batch) } : undefined);
  return new OfferStore({
    ...(source ? { source } : {}),
    ...(events ? { events } : {}),
    ...(props.bootstrap ? { bootstrap: props.bootstrap } : {}),
    ...(props.profile ? { profile: props.profile } : {}),
    ...(props.context ? { context: props.context } : {}),
    ...(props.flushIntervalMs !== undefined ? { flushIntervalMs: props.flushIntervalMs } : {}),
    ...(props.onError ? { onError: props.onError } : {}),
  });
}
