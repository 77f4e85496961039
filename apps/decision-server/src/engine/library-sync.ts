import { OfferkitError, type LibraryBundle } from "@offerkit/core";
import type { LibraryStore } from "../store/types.js";
import { errorFields, type JsonLogger } from "../ops/json-logger.js";

/** What the sync drives: the engine's compile-then-swap entry point (DecisionEngine satisfies it). */
export interface SnapshotTarget {
  readonly libraryVersion: number;
  setLibrary(bundle: LibraryBundle): void;
}

export interface LibrarySyncEvents {
  onSwapped?(version: number): void;
  onRejected?(version: number, error: OfferkitError): void;
}

/**
 * Keeps the engine on the newest library version. Versions come from the store's watcher (NOTIFY +
 * poll) and from this instance's own writes; loads are single-flight and coalesced, so a burst of
 * writes costs at most one extra export. The engine compiles the bundle before swapping and keeps
 * serving the old snapshot if the bundle is rejected, so requests never wait for a compile.
 */
export class LibrarySync {
  private newestSeen = -1;
  private loading: Promise<void> | undefined;
  private again = false;
  private stopWatching: (() => Promise<void>) | undefined;
  private loadedOnce = false;

  constructor(
    private readonly store: LibraryStore,
    private readonly target: SnapshotTarget,
    private readonly logger: JsonLogger,
    private readonly events: LibrarySyncEvents = {},
    private readonly pollIntervalMs = 1000,
  ) {}

  /** Loads the current library, then follows new versions until stop(). */
  async start(): Promise<void> {
    await this.load();
    this.stopWatching = await this.store.watchVersions(
      (version) => this.versionPublished(version),
      {
        pollIntervalMs: this.pollIntervalMs,
        onError: (error) =>
          this.logger.warn("library version watch failed; retrying", errorFields(error)),
      },
    );
    // A write that landed between the first load and the watcher's start is picked up here.
    this.versionPublished(await this.store.currentVersion());
  }

  /** Called with every version learnt of; loads only if it is newer than what is being served. */
  versionPublished(version: number): void {
    if (version > this.newestSeen) this.newestSeen = version;
    if (version <= this.target.libraryVersion) return;
    if (this.loading !== undefined) {
      this.again = true;
      return;
    }
    this.loading = this.loadUntilCurrent().finally(() => (this.loading = undefined));
  }

  /** Resolves once the engine serves `version` or newer (or the wait times out). */
  async waitFor(version: number, timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.versionPublished(version);
    while (this.target.libraryVersion < version && Date.now() < deadline) {
      if (this.loading !== undefined) await this.loading;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.target.libraryVersion >= version;
  }

  async stop(): Promise<void> {
    await this.stopWatching?.();
    this.stopWatching = undefined;
    if (this.loading !== undefined) await this.loading;
  }

  private async loadUntilCurrent(): Promise<void> {
    // Bounded: a version announced but not yet visible to the export (or rejected) ends the loop;
    // the watcher's poll brings it back later.
    for (let round = 0; round < 5; round++) {
      this.again = false;
      await this.load();
      if (!this.again && this.newestSeen <= this.target.libraryVersion) return;
      if (!this.again) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async load(): Promise<void> {
    let bundle: LibraryBundle;
    try {
      bundle = await this.store.exportBundle();
    } catch (error) {
      this.logger.error("library export failed; keeping the current snapshot", errorFields(error));
      return;
    }
    if (this.loadedOnce && bundle.version <= this.target.libraryVersion) return;
    const started = performance.now();
    try {
      this.target.setLibrary(bundle);
      this.loadedOnce = true;
      this.logger.info("library swapped", {
        version: bundle.version,
        compileMs: Math.round(performance.now() - started),
      });
      this.events.onSwapped?.(bundle.version);
    } catch (error) {
      const rejected = OfferkitError.fromUnknown(error, "INVALID_LIBRARY");
      this.logger.error("library version rejected by the engine; keeping the current snapshot", {
        version: bundle.version,
        code: rejected.code,
        issues: rejected.issues.slice(0, 20),
      });
      this.events.onRejected?.(bundle.version, rejected);
      // Do not retry a rejected version in a loop: wait for the next one.
      this.newestSeen = Math.min(this.newestSeen, this.target.libraryVersion);
    }
  }
}
