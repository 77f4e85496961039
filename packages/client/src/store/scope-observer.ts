import type { ScopeRequest } from "@offerkit/core";
import { LOADING, type ScopeSnapshot } from "./scope-snapshot.js";
import { Subscribable } from "./subscribable.js";

/** One scope's view of the store: a stable snapshot plus change notifications. */
export class ScopeObserver extends Subscribable {
  readonly scope: ScopeRequest;
  readonly #onFirstSubscribe: () => void;
  #snapshot: ScopeSnapshot = LOADING;

  constructor(scope: ScopeRequest, onFirstSubscribe: () => void) {
    super();
    this.scope = scope;
    this.#onFirstSubscribe = onFirstSubscribe;
  }

  /** Same object until the state changes (useSyncExternalStore compares by identity). */
  readonly getSnapshot = (): ScopeSnapshot => this.#snapshot;

  /** Called by the store only. */
  set(snapshot: ScopeSnapshot): void {
    if (snapshot === this.#snapshot) return;
    this.#snapshot = snapshot;
    this.notify();
  }

  protected override onSubscribe(): void {
    if (this.listeners.size === 1) this.#onFirstSubscribe();
  }
}
