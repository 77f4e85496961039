export type Listener = () => void;

/**
 * A set of listeners; subscribe returns its own unsubscribe. Subclasses start work lazily in
 * onSubscribe (the first listener is what asks for data, so server renders never fetch).
 */
export class Subscribable {
  protected readonly listeners = new Set<Listener>();

  /** An arrow property so that its identity is stable (useSyncExternalStore resubscribes otherwise). */
  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    this.onSubscribe();
    return () => {
      this.listeners.delete(listener);
      this.onUnsubscribe();
    };
  };

  hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  protected notify(): void {
    for (const listener of this.listeners) listener();
  }

  protected onSubscribe(): void {}

  protected onUnsubscribe(): void {}
}
