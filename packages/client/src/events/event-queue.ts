import type { FeedbackEvent } from "@offerkit/core";

export interface EventQueueOptions {
  send(events: FeedbackEvent[]): Promise<unknown>;
  /** Synchronous hand-off used while the page is being hidden; false when refused. */
  beacon?(events: FeedbackEvent[]): boolean;
  /** Send as soon as this many events are waiting (default 20). */
  maxBatchSize?: number;
  /** Send whatever is waiting after this long (default 2000 ms). */
  flushIntervalMs?: number;
  /** Oldest events are dropped beyond this many waiting, so a dead server cannot grow memory (default 500). */
  maxQueued?: number;
  onError?(error: unknown): void;
}

/**
 * Batches feedback events by size and interval. A failed batch goes back to the queue and is
 * resent later: events are idempotent by id, so a batch that did arrive is not counted twice.
 * While the page is hidden or unloading, everything waiting is handed to the beacon.
 */
export class EventQueue {
  readonly #options: EventQueueOptions;
  readonly #maxBatch: number;
  #queue: FeedbackEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #chain: Promise<void> = Promise.resolve();
  #detach: (() => void) | undefined;

  constructor(options: EventQueueOptions) {
    this.#options = options;
    this.#maxBatch = options.maxBatchSize ?? 20;
  }

  get pending(): number {
    return this.#queue.length;
  }

  enqueue(event: FeedbackEvent): void {
    this.#queue.push(event);
    const max = this.#options.maxQueued ?? 500;
    if (this.#queue.length > max) this.#queue.splice(0, this.#queue.length - max);
    if (this.#queue.length >= this.#maxBatch) void this.#run(false);
    else this.#schedule();
  }

  /** Send everything waiting, one batch at a time; resolves when sent or when a batch failed. */
  flush(): Promise<void> {
    this.#clearTimer();
    return this.#run(true);
  }

  /** Sends never overlap: each run starts after the previous one has settled. */
  #run(all: boolean): Promise<void> {
    this.#chain = this.#chain.then(() => this.#drain(all));
    return this.#chain;
  }

  async #drain(all: boolean): Promise<void> {
    while (this.#queue.length >= (all ? 1 : this.#maxBatch)) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      try {
        await this.#options.send(batch);
      } catch (error) {
        this.#queue.unshift(...batch);
        this.#options.onError?.(error);
        break;
      }
    }
    if (this.#queue.length > 0) this.#schedule();
  }

  /** Hand everything to the beacon now (the page may be gone before a timer or promise runs). */
  flushNow(): void {
    this.#clearTimer();
    const options = this.#options;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      if (!options.beacon?.(batch)) {
        void this.#options.send(batch).catch((error: unknown) => this.#options.onError?.(error));
      }
    }
  }

  /** Flush via beacon when the page is hidden or unloaded; returns a function that stops listening. */
  listenForPageHide(): () => void {
    if (this.#detach) return this.#detach;
    if (typeof document === "undefined" || typeof addEventListener !== "function")
      return () => undefined;
    const onVisibility = (): void => {
      if (document.visibilityState === "hidden") this.flushNow();
    };
    const onPageHide = (): void => this.flushNow();
    document.addEventListener("visibilitychange", onVisibility);
    addEventListener("pagehide", onPageHide);
    this.#detach = () => {
      document.removeEventListener("visibilitychange", onVisibility);
      removeEventListener("pagehide", onPageHide);
      this.#detach = undefined;
    };
    return this.#detach;
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#options.flushIntervalMs ?? 2000);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
