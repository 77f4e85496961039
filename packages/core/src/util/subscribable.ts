/** Minimal observable (TanStack Query style): subscribe returns its own unsubscribe. */
export class Subscribable<Listener extends (...args: never[]) => void> {
  protected readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  protected notify(...args: Parameters<Listener>): void {
    for (const listener of this.listeners) {
      try {
        listener(...args);
      } catch {
        // A listener's failure must never break the engine or the other listeners.
      }
    }
  }
}
