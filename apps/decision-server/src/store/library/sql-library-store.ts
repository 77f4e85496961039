import type { LibraryBundle } from "@offerkit/core";
import type {
  ImportMode,
  ImportResult,
  LibraryKind,
  LibraryRepository,
  LibraryStore,
  LibraryValidation,
  SqlClient,
} from "../types.js";
import { OfferkitError } from "@offerkit/core";
import { LIBRARY_KINDS, isObject } from "./library-kinds.js";
import { bundleOf, emptyCounts, loadLibrary } from "./library-rows.js";
import { LibraryWriter, type LibraryChange } from "./library-writer.js";
import { assertBundleValid, parseBundleObjects, validateBundle } from "./library-validation.js";
import { SqlDecisionRepository } from "./sql-decision-repository.js";
import { SqlLibraryRepository } from "./sql-library-repository.js";
import { SqlOfferRepository } from "./sql-offer-repository.js";
import { VersionWatcher } from "./version-watcher.js";

export interface SqlLibraryStoreOptions {
  sql: SqlClient;
  /** NOTIFY channel for version changes; instances sharing a database must use the same one. */
  notifyChannel?: string | undefined;
  clock?: (() => Date) | undefined;
}

export const DEFAULT_NOTIFY_CHANNEL = "offerkit_library_version";
const DEFAULT_POLL_INTERVAL_MS = 1000;

/** The Offer Library on PGlite or PostgreSQL (same SQL). */
export class SqlLibraryStore implements LibraryStore {
  readonly offers: SqlOfferRepository;
  readonly placements: SqlLibraryRepository<"placements">;
  readonly collections: SqlLibraryRepository<"collections">;
  readonly rules: SqlLibraryRepository<"rules">;
  readonly rankingFormulas: SqlLibraryRepository<"rankingFormulas">;
  readonly decisions: SqlDecisionRepository;
  private readonly sql: SqlClient;
  private readonly channel: string;
  private readonly writer: LibraryWriter;
  private readonly watchers = new Set<VersionWatcher>();

  constructor(options: SqlLibraryStoreOptions) {
    this.sql = options.sql;
    this.channel = options.notifyChannel ?? DEFAULT_NOTIFY_CHANNEL;
    this.writer = new LibraryWriter(this.sql, this.channel, options.clock ?? (() => new Date()));
    this.offers = new SqlOfferRepository(this.sql, this.writer);
    this.placements = new SqlLibraryRepository("placements", this.sql, this.writer);
    this.collections = new SqlLibraryRepository("collections", this.sql, this.writer);
    this.rules = new SqlLibraryRepository("rules", this.sql, this.writer);
    this.rankingFormulas = new SqlLibraryRepository("rankingFormulas", this.sql, this.writer);
    this.decisions = new SqlDecisionRepository(this.sql, this.writer);
  }

  repository<K extends LibraryKind>(kind: K): LibraryRepository<K> {
    const byKind: { [P in LibraryKind]: LibraryRepository<P> } = {
      offers: this.offers,
      placements: this.placements,
      collections: this.collections,
      rules: this.rules,
      rankingFormulas: this.rankingFormulas,
      decisions: this.decisions,
    };
    const repository = byKind[kind] as LibraryRepository<K> | undefined;
    if (!repository)
      throw new OfferkitError("NOT_FOUND", `no library object kind "${String(kind)}"`);
    return repository;
  }

  async currentVersion(): Promise<number> {
    const [row] = await this.sql.query<{ version: number }>(
      "SELECT version FROM library_state WHERE id = 1",
    );
    return row?.version ?? 0;
  }

  async exportBundle(): Promise<LibraryBundle> {
    const { version, rows } = await loadLibrary(this.sql);
    return bundleOf(version, rows, true);
  }

  validateBundle(bundle: unknown): LibraryValidation {
    return validateBundle(bundle);
  }

  async importBundle(bundle: unknown, options: { mode: ImportMode }): Promise<ImportResult> {
    if (options.mode !== "replace" && options.mode !== "merge") {
      throw new OfferkitError("VALIDATION_FAILED", `mode: must be replace or merge`, {
        issues: [{ path: ["mode"], message: "must be replace or merge" }],
      });
    }
    // Fail fast, before taking the write lock; the result is validated again inside the transaction.
    const library =
      options.mode === "replace"
        ? assertBundleValid(isObject(bundle) ? { ...bundle, version: 0 } : bundle)
        : parseBundleObjects(bundle);
    const changes: LibraryChange[] = [];
    const counts = emptyCounts();
    for (const kind of LIBRARY_KINDS) {
      for (const item of library[kind]) {
        const { etag: _etag, createdAt: _createdAt, updatedAt: _updatedAt, ...body } = item;
        changes.push({ type: "put", kind, id: item.id, body });
        counts[kind] += 1;
      }
    }
    const { version } = await this.writer.write(() => ({
      changes,
      replaceAll: options.mode === "replace",
      check: "whole",
    }));
    return { version, counts };
  }

  async watchVersions(
    onVersion: (version: number) => void,
    options: { pollIntervalMs?: number; onError?: (error: unknown) => void } = {},
  ): Promise<() => Promise<void>> {
    const watcher = await VersionWatcher.start({
      sql: this.sql,
      channel: this.channel,
      readVersion: () => this.currentVersion(),
      onVersion,
      pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      onError: options.onError,
    });
    this.watchers.add(watcher);
    return async () => {
      this.watchers.delete(watcher);
      await watcher.stop();
    };
  }

  /** Stops every watcher (the SqlClient is closed by its owner). */
  async close(): Promise<void> {
    await Promise.all([...this.watchers].map((w) => w.stop()));
    this.watchers.clear();
  }
}
