import type { SqlClient } from "../types.js";

export interface VersionWatcherOptions {
  sql: SqlClient;
  channel: string;
  readVersion: () => Promise<number>;
  onVersion: (version: number) => void;
  pollIntervalMs: number;
  onError?: ((error: unknown) => void) | undefined;
}

/**
 * Reports each newer library version once, in increasing order. NOTIFY makes it fast; the poll makes
 * it certain (a notification is lost while a LISTEN connection reconnects).
 */
export class VersionWatcher {
  private lastReported: number;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;

  private constructor(
    private readonly options: VersionWatcherOptions,
    startVersion: number,
  ) {
    this.lastReported = startVersion;
  }

  static async start(options: VersionWatcherOptions): Promise<VersionWatcher> {
    const watcher = new VersionWatcher(options, await options.readVersion());
    if (options.sql.listen) {
      watcher.unlisten = await options.sql.listen(options.channel, (payload) =>
        watcher.seen(Number(payload)),
      );
    }
    watcher.timer = setInterval(() => watcher.poll(), options.pollIntervalMs);
    watcher.timer.unref();
    // A write between reading the start version and LISTEN taking effect would be missed until
    // the first poll; one immediate check closes that gap.
    watcher.poll();
    return watcher;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.();
  }

  private poll(): void {
    this.options.readVersion().then(
      (version) => this.seen(version),
      (error: unknown) => {
        if (!this.stopped) this.options.onError?.(error);
      },
    );
  }

  private seen(version: number): void {
    if (this.stopped || !Number.isSafeInteger(version) || version <= this.lastReported) return;
    this.lastReported = version;
    try {
      this.options.onVersion(version);
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
