import type { DecisionEngine } from "@offerkit/core";
import type { CachedKeyVerifier } from "../auth/cached-key-verifier.js";
import type { LibrarySync } from "../engine/library-sync.js";
import type { ServerMetrics } from "../ops/server-metrics.js";
import type { Stores } from "../store/types.js";

/** What route handlers may use: the stores, the engine and its library sync, metrics, lifecycle. */
export interface ServerServices {
  stores: Stores;
  engine: DecisionEngine;
  sync: LibrarySync;
  metrics: ServerMetrics;
  keys: CachedKeyVerifier;
  /** Ready = library loaded and not shutting down. */
  isReady(): boolean;
  isDraining(): boolean;
  /** Whether GET /metrics needs no key. */
  publicMetrics: boolean;
  /** Largest accepted library import, bytes. */
  importLimitBytes: number;
}
