import type { FeedbackEvent, JsonValue, Proposition, ScopeRequest } from "@offerkit/core";
import type { OfferBootstrap } from "../bootstrap/offer-bootstrap.js";
import { VisibilityTracker, type VisibilityTrackerOptions } from "../dom/visibility-tracker.js";
import { asClientError } from "../errors/as-client-error.js";
import { OfferkitClientError } from "../errors/offerkit-client-error.js";
import { EventQueue } from "../events/event-queue.js";
import { feedbackEvent } from "../events/feedback-event.js";
import type { DecisionSource, EventSink } from "../http/offer-request.js";
import { ScopeObserver } from "./scope-observer.js";
import { errorSnapshot, snapshotOf } from "./scope-snapshot.js";

export interface OfferStoreOptions {
  /** Who decides scopes that the bootstrap did not answer: a client or an in-process engine. */
  source?: DecisionSource;
  /** Where display and interact events go (batched); usually the same object as `source`. */
  events?: EventSink & { beacon?(events: FeedbackEvent[]): boolean };
  bootstrap?: OfferBootstrap;
  /** Required for an in-process engine or the decision server; an app's own router identifies on its side. */
  profile?: { id: string; attributes?: Record<string, JsonValue> };
  context?: Record<string, JsonValue>;
  maxBatchSize?: number;
  flushIntervalMs?: number;
  visibility?: VisibilityTrackerOptions;
  onError?(error: OfferkitClientError): void;
}

const keyOf = (decisionId: string, placementId: string): string =>
  `${decisionId}\u0000${placementId}`;

/**
 * Framework-free state of every offer scope on a page. Scopes asked for in the same tick are
 * decided in ONE request; scopes present in the bootstrap are never requested. Impressions are
 * recorded at most once per proposition item, whatever re-renders or remounts happen.
 */
export class OfferStore {
  readonly #options: OfferStoreOptions;
  readonly #observers = new Map<string, ScopeObserver>();
  readonly #answered = new Set<string>();
  readonly #displayed = new Set<string>();
  readonly #queue: EventQueue | undefined;
  #pending: ScopeRequest[] = [];
  #tracker: VisibilityTracker | undefined;
  #connections = 0;
  #stopListening: (() => void) | undefined;
  #profileId: string | undefined;

  constructor(options: OfferStoreOptions = {}) {
    this.#options = options;
    this.#profileId = options.profile?.id;
    const sink = options.events;
    if (sink) {
      this.#queue = new EventQueue({
        send: (events) => sink.track(events),
        ...(sink.beacon ? { beacon: (events: FeedbackEvent[]) => sink.beacon!(events) } : {}),
        ...(options.maxBatchSize !== undefined ? { maxBatchSize: options.maxBatchSize } : {}),
        ...(options.flushIntervalMs !== undefined
          ? { flushIntervalMs: options.flushIntervalMs }
          : {}),
        onError: (error) => options.onError?.(asClientError(error)),
      });
    }
    if (options.bootstrap) this.hydrate(options.bootstrap);
  }

  /** The observer for one scope; the same instance for the same decision and placement. */
  observe(scope: ScopeRequest): ScopeObserver {
    const key = keyOf(scope.decisionId, scope.placementId);
    let observer = this.#observers.get(key);
    if (!observer) {
      observer = new ScopeObserver(scope, () => this.#request(key));
      this.#observers.set(key, observer);
    }
    return observer;
  }

  /** Take decisions made elsewhere (the server) as answers; their scopes are never requested. */
  hydrate(bootstrap: OfferBootstrap): void {
    this.#profileId ??= bootstrap.profileId;
    for (const proposition of bootstrap.propositions) {
      this.#answer(keyOf(proposition.decisionId, proposition.placementId), {
        decisionId: proposition.decisionId,
        placementId: proposition.placementId,
      }).set(snapshotOf(proposition));
    }
    for (const e of bootstrap.errors) {
      this.#answer(keyOf(e.decisionId, e.placementId), e).set(
        errorSnapshot(new OfferkitClientError(e.code, e.message)),
      );
    }
  }

  /** Start flushing events when the page hides; ref-counted, returns the matching disconnect. */
  connect(): () => void {
    this.#connections++;
    this.#stopListening ??= this.#queue?.listenForPageHide();
    let connected = true;
    return () => {
      if (!connected) return;
      connected = false;
      if (--this.#connections === 0) {
        this.#stopListening?.();
        this.#stopListening = undefined;
        void this.flush();
      }
    };
  }

  /** Report one impression of `offerId` once `element` has been seen (≥ 50 % for ≥ 1 s by default). */
  trackVisibility(element: Element, proposition: Proposition, offerId: string): () => void {
    if (this.#displayed.has(`${proposition.id}\n${offerId}`)) return () => undefined;
    this.#tracker ??= new VisibilityTracker(this.#options.visibility);
    return this.#tracker.observe(element, () => this.recordDisplay(proposition, offerId));
  }

  /** An impression; recorded at most once per proposition item. */
  recordDisplay(proposition: Proposition, offerId: string): void {
    const key = `${proposition.id}\n${offerId}`;
    if (this.#displayed.has(key)) return;
    this.#displayed.add(key);
    this.#queue?.enqueue(feedbackEvent("display", proposition, offerId, this.#eventProfileId()));
  }

  /** A click or other engagement; every call is one event. */
  recordInteract(proposition: Proposition, offerId: string): void {
    this.#queue?.enqueue(feedbackEvent("interact", proposition, offerId, this.#eventProfileId()));
  }

  /** Send waiting events now. */
  flush(): Promise<void> {
    return this.#queue?.flush() ?? Promise.resolve();
  }

  #eventProfileId(): string {
    // An app's router replaces the profile id with the visitor it identifies itself.
    return this.#profileId ?? "anonymous";
  }

  #answer(key: string, scope: ScopeRequest): ScopeObserver {
    this.#answered.add(key);
    return this.observe(scope);
  }

  #request(key: string): void {
    if (this.#answered.has(key)) return;
    const observer = this.#observers.get(key);
    if (!observer) return;
    this.#answered.add(key);
    this.#pending.push(observer.scope);
    // Every slot that mounts in this tick joins the same request.
    if (this.#pending.length === 1) queueMicrotask(() => void this.#decidePending());
  }

  async #decidePending(): Promise<void> {
    const scopes = this.#pending;
    this.#pending = [];
    const source = this.#options.source;
    const { profile, context } = this.#options;
    try {
      if (!source)
        throw new OfferkitClientError(
          "UNAVAILABLE",
          "no decision source: pass a client or an engine",
        );
      const response = await source.decide({
        ...(profile ? { profile } : {}),
        ...(context ? { context } : {}),
        scopes,
      });
      for (const scope of scopes) {
        const observer = this.observe(scope);
        const proposition = response.propositions.find(
          (p) => p.decisionId === scope.decisionId && p.placementId === scope.placementId,
        );
        const problem = response.errors.find(
          (e) => e.decisionId === scope.decisionId && e.placementId === scope.placementId,
        );
        if (proposition) observer.set(snapshotOf(proposition));
        else
          observer.set(
            errorSnapshot(
              new OfferkitClientError(
                problem?.code ?? "INTERNAL",
                problem?.message ?? "no proposition for this scope",
              ),
            ),
          );
      }
    } catch (thrown) {
      const error = asClientError(thrown);
      this.#options.onError?.(error);
      for (const scope of scopes) this.observe(scope).set(errorSnapshot(error));
    }
  }
}
