export interface VisibilityTrackerOptions {
  /** Share of the element that must be in the viewport (default 0.5). */
  threshold?: number;
  /** How long it must stay so, continuously, while the page is visible (default 1000 ms). */
  dwellMs?: number;
  /** Injected for environments without one; defaults to the global. */
  IntersectionObserver?: typeof IntersectionObserver;
}

interface Watch {
  element: Element;
  onSeen: () => void;
  inView: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Calls back once when an element has been at least `threshold` visible for `dwellMs`.
 * All elements share ONE IntersectionObserver. Leaving the viewport or hiding the tab resets the
 * dwell. Without IntersectionObserver (server, old browsers) nothing is ever reported: an
 * impression we cannot verify is not counted.
 */
export class VisibilityTracker {
  readonly #threshold: number;
  readonly #dwellMs: number;
  readonly #Observer: typeof IntersectionObserver | undefined;
  readonly #watches = new Map<Element, Watch>();
  #observer: IntersectionObserver | undefined;

  constructor(options: VisibilityTrackerOptions = {}) {
    this.#threshold = options.threshold ?? 0.5;
    this.#dwellMs = options.dwellMs ?? 1000;
    this.#Observer = options.IntersectionObserver ?? globalThis.IntersectionObserver;
  }

  observe(element: Element, onSeen: () => void): () => void {
    const observer = this.#ensureObserver();
    if (!observer) return () => undefined;
    this.#unwatch(element);
    this.#watches.set(element, { element, onSeen, inView: false, timer: undefined });
    observer.observe(element);
    return () => this.#unwatch(element);
  }

  #ensureObserver(): IntersectionObserver | undefined {
    if (this.#observer || !this.#Observer) return this.#observer;
    this.#observer = new this.#Observer((entries) => this.#onEntries(entries), {
      threshold: [0, this.#threshold],
    });
    // Time in a hidden tab is not time seen.
    globalThis.document?.addEventListener("visibilitychange", () => {
      for (const watch of this.#watches.values()) this.#arm(watch);
    });
    return this.#observer;
  }

  #onEntries(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const watch = this.#watches.get(entry.target);
      if (!watch) continue;
      // The small tolerance absorbs sub-pixel rounding of exactly-half-visible elements.
      watch.inView = entry.isIntersecting && entry.intersectionRatio >= this.#threshold - 0.001;
      this.#arm(watch);
    }
  }

  #arm(watch: Watch): void {
    const shouldRun = watch.inView && globalThis.document?.visibilityState !== "hidden";
    if (!shouldRun) {
      clearTimeout(watch.timer);
      watch.timer = undefined;
    } else if (watch.timer === undefined) {
      watch.timer = setTimeout(() => {
        this.#unwatch(watch.element);
        watch.onSeen();
      }, this.#dwellMs);
    }
  }

  #unwatch(element: Element): void {
    const watch = this.#watches.get(element);
    if (!watch) return;
    clearTimeout(watch.timer);
    this.#watches.delete(element);
    this.#observer?.unobserve(element);
  }
}
