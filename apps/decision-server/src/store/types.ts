/**
 * The storage contract of the decision server. The HTTP layer codes against these interfaces only;
 * implementations live next to this file (PGlite / PostgreSQL for the library, events and keys;
 * memory / SQL / Redis for cap counters).
 *
 * Conventions every implementation follows:
 * - Inputs arrive as `unknown` (a parsed request body) and are validated here with core's zod schemas;
 *   bad input throws OfferkitError("VALIDATION_FAILED") whose issues carry the failing paths.
 * - Failures are OfferkitError with a code: NOT_FOUND, CONFLICT (duplicate id, illegal status
 *   transition), PRECONDITION_FAILED (stale If-Match etag), REFERENCED (delete of a referenced object),
 *   INVALID_LIBRARY (the write would leave a library that does not validate; issues carry paths).
 * - Every accepted library write runs in one transaction and bumps the library version by one.
 */
import type {
  Collection,
  CounterStore,
  Decision,
  DecisionStatus,
  Issue,
  LibraryBundle,
  Offer,
  OfferEvent,
  OfferStatus,
  Placement,
  RankingFormula,
  Rule,
} from "@offerkit/core";

// ---------------------------------------------------------------------------------------------
// SQL access (one adapter over PGlite and over a pg Pool; the same SQL text runs on both)

export interface SqlExecutor {
  /**
   * One statement with $1..$n parameters; returns the rows (empty for statements without rows).
   * `statementName` (PostgreSQL only; PGlite ignores it) keeps the parsed and planned statement on each
   * connection for hot statements: the same name must always carry the same SQL text.
   */
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    statementName?: string,
  ): Promise<Row[]>;
}

export interface SqlClient extends SqlExecutor {
  /** One statement whose rows are not needed (no RETURNING); resolves with how many rows it changed. */
  execute(sql: string, params?: readonly unknown[], statementName?: string): Promise<number>;
  readonly dialect: "pglite" | "postgres";
  /** Runs fn inside BEGIN … COMMIT; any throw rolls back and is rethrown. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; the returned function stops listening. Absent where unsupported. */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Offer Library

/** The six kinds of library object, named as in LibraryBundle. */
export type LibraryKind =
  | "offers"
  | "placements"
  | "collections"
  | "rules"
  | "rankingFormulas"
  | "decisions";

export interface LibraryObjectOf {
  offers: Offer;
  placements: Placement;
  collections: Collection;
  rules: Rule;
  rankingFormulas: RankingFormula;
  decisions: Decision;
}

/** Fields the store maintains on every stored object (clients' values for them are ignored). */
export interface StoredMeta {
  /** Opaque, changes on every write of the object. Sent unquoted; quotes and W/ are tolerated in ifMatch. */
  etag: string;
  /** ISO 8601 */
  createdAt: string;
  /** ISO 8601 */
  updatedAt: string;
}

export type Stored<T> = T & StoredMeta;

export type ListOrderField = "id" | "name" | "createdAt" | "updatedAt" | "priority";

export interface ListQuery {
  /** offers: draft | approved | archived; decisions: draft | live | complete | archived. */
  status?: string | undefined;
  /** offers only: has this tag. */
  tag?: string | undefined;
  /** offers: personalized | fallback; collections: static | dynamic. */
  kind?: string | undefined;
  /** Case-insensitive substring of the name. */
  q?: string | undefined;
  /** Default "id". "priority" only for offers. Ties are broken by id, so paging is stable. */
  orderBy?: ListOrderField | undefined;
  /** Default "asc". */
  direction?: "asc" | "desc" | undefined;
  /** 1..500, default 50. */
  limit?: number | undefined;
  /** Opaque; from a previous page's nextCursor with the same filters and ordering. */
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow. */
  nextCursor?: string;
}

export interface WriteOptions {
  /** The etag the client last saw (HTTP If-Match). When given and stale: PRECONDITION_FAILED. "*" matches any. */
  ifMatch?: string | undefined;
}

export interface WriteResult<T> {
  item: Stored<T>;
  /** The library version this write produced. */
  version: number;
}

export interface LibraryRepository<K extends LibraryKind> {
  readonly kind: K;
  list(query?: ListQuery): Promise<Page<Stored<LibraryObjectOf[K]>>>;
  /** NOT_FOUND when absent. */
  get(id: string): Promise<Stored<LibraryObjectOf[K]>>;
  /** Validates with core's schema; CONFLICT on a duplicate id. Status in the body is accepted as given. */
  create(input: unknown): Promise<WriteResult<LibraryObjectOf[K]>>;
  /**
   * Full replacement of the object with this id. A different `id` in the body is VALIDATION_FAILED.
   * Status cannot change here (use the transitions): a different status is VALIDATION_FAILED at ["status"].
   */
  update(
    id: string,
    input: unknown,
    options?: WriteOptions,
  ): Promise<WriteResult<LibraryObjectOf[K]>>;
  /** Shallow merge of `input` over the stored object, then the same rules as update. */
  patch(
    id: string,
    input: unknown,
    options?: WriteOptions,
  ): Promise<WriteResult<LibraryObjectOf[K]>>;
  /** REFERENCED (issues list the referrers' paths) while another object refers to it. */
  delete(id: string, options?: WriteOptions): Promise<{ version: number }>;
}

/** approve: draft→approved; unapprove: approved→draft; archive: draft|approved→archived. */
export type OfferTransition = "approve" | "unapprove" | "archive";
/** go-live: draft→live; complete: live→complete; archive: any but archived→archived; draft: live|complete|archived→draft. */
export type DecisionTransition = "go-live" | "complete" | "archive" | "draft";

export interface OfferRepository extends LibraryRepository<"offers"> {
  /** Illegal transitions (e.g. approve an archived offer) are CONFLICT. */
  transition(
    id: string,
    action: OfferTransition,
    options?: WriteOptions,
  ): Promise<WriteResult<Offer>>;
  /** Copies the offer as a draft under a new id (default `<id>-copy`, `-copy-2` …) and name (default "<name> (copy)"). */
  duplicate(id: string, options?: { newId?: string; name?: string }): Promise<WriteResult<Offer>>;
}

export interface DecisionRepository extends LibraryRepository<"decisions"> {
  transition(
    id: string,
    action: DecisionTransition,
    options?: WriteOptions,
  ): Promise<WriteResult<Decision>>;
}

export type ImportMode = "replace" | "merge";

export interface ImportResult {
  version: number;
  counts: Record<LibraryKind, number>;
}

export type LibraryValidation =
  | { ok: true; library: LibraryBundle }
  | { ok: false; issues: Issue[] };

export interface LibraryStore {
  readonly offers: OfferRepository;
  readonly placements: LibraryRepository<"placements">;
  readonly collections: LibraryRepository<"collections">;
  readonly rules: LibraryRepository<"rules">;
  readonly rankingFormulas: LibraryRepository<"rankingFormulas">;
  readonly decisions: DecisionRepository;
  repository<K extends LibraryKind>(kind: K): LibraryRepository<K>;

  /** Monotonic; 0 for a new store. */
  currentVersion(): Promise<number>;
  /** A consistent snapshot of the whole library with its version (what engine.setLibrary takes). */
  exportBundle(): Promise<LibraryBundle>;
  /** Validation only (schema, cross references, rules); never writes. */
  validateBundle(bundle: unknown): LibraryValidation;
  /**
   * replace: the library becomes exactly the bundle. merge: the bundle's objects are upserted.
   * Validated first (INVALID_LIBRARY with paths into the bundle); atomic; bumps the version once.
   * The bundle's own `version` field is ignored.
   */
  importBundle(bundle: unknown, options: { mode: ImportMode }): Promise<ImportResult>;
  /**
   * Calls onVersion with each newer library version seen (NOTIFY from any instance, plus a poll as a
   * safety net; never with a version <= one already reported). Resolves once listening; the returned
   * function stops watching.
   */
  watchVersions(
    onVersion: (version: number) => void,
    options?: { pollIntervalMs?: number; onError?: (error: unknown) => void },
  ): Promise<() => Promise<void>>;
}

// ---------------------------------------------------------------------------------------------
// Events

export interface AppendCount {
  inserted: number;
  duplicates: number;
}

export interface AppendResult {
  /** Ids stored by this call. */
  inserted: string[];
  /** Ids that were already stored (idempotent replays); nothing was changed for them. */
  duplicates: string[];
}

export interface EventQuery {
  propositionId?: string | undefined;
  profileId?: string | undefined;
  decisionId?: string | undefined;
  offerId?: string | undefined;
  type?: OfferEvent["type"] | undefined;
  /** Inclusive, by event timestamp (ISO 8601 or Date). */
  from?: string | Date | undefined;
  /** Exclusive. */
  to?: string | Date | undefined;
  /** 1..1000, default 100. Ordered by timestamp then id. */
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface EventStore {
  /** Validates every event first (VALIDATION_FAILED with path [index, …]); stores all new ones atomically. */
  append(events: readonly unknown[]): Promise<AppendResult>;
  /**
   * Stores events the engine built (typed, so not validated again — the decision hot path), at most
   * 1000, idempotent by id and atomic like append.
   */
  appendValidated(events: readonly OfferEvent[]): Promise<AppendResult>;
  /**
   * appendValidated without the per-id answer, for the decision sink: only how many were new. No row
   * comes back per event, which saves the database and the server work on every decision.
   */
  appendCounted(events: readonly OfferEvent[]): Promise<AppendCount>;
  query(query?: EventQuery): Promise<Page<OfferEvent>>;
}

// ---------------------------------------------------------------------------------------------
// API keys

export const API_KEY_SCOPES = [
  "decide",
  "track",
  "library:read",
  "library:write",
  "admin",
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface RateLimitSetting {
  /** Sustained requests per second. */
  requestsPerSecond: number;
  /** Bucket size; defaults to requestsPerSecond. */
  burst?: number | undefined;
}

/** What is stored about a key; never the secret. */
export interface ApiKeyInfo {
  /** Short lookup id, also visible inside the key. */
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  rateLimit?: RateLimitSetting;
  createdAt: string;
  revokedAt?: string;
}

export interface CreateApiKeyInput {
  name: string;
  scopes: ApiKeyScope[];
  rateLimit?: RateLimitSetting | undefined;
}

export interface ApiKeyStore {
  /** Returns the plaintext key exactly once (format `okk_<id>_<secret>`); only its SHA-256 is stored. */
  create(input: unknown): Promise<{ key: string; info: ApiKeyInfo }>;
  /** The key's info when it exists and is not revoked; undefined otherwise (also for malformed input). */
  verify(plaintextKey: string): Promise<ApiKeyInfo | undefined>;
  list(): Promise<ApiKeyInfo[]>;
  /** NOT_FOUND for an unknown id; revoking twice keeps the first revokedAt. */
  revoke(id: string): Promise<ApiKeyInfo>;
}

// ---------------------------------------------------------------------------------------------
// Everything together

export type CounterBackend = "memory" | "sql" | "redis";

export interface StoresConfig {
  /** PGlite data folder ("memory://" for an in-memory database). Exactly one of dataDir / databaseUrl. */
  dataDir?: string | undefined;
  /** postgres://… */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to use (created if missing); default "public". Tests use a fresh one per run. */
  schema?: string | undefined;
  /** Default "memory" (as DESIGN.md says); "sql" keeps caps across restarts, "redis" for scale-out. */
  counters?: CounterBackend | undefined;
  /** Required when counters is "redis". */
  redisUrl?: string | undefined;
  /** Key prefix in Redis; default "offerkit:". */
  redisKeyPrefix?: string | undefined;
  /** pg pool size; default 10. */
  poolSize?: number | undefined;
}

/** Built by `createStores(config)` in ./create-stores.ts (opens the database and runs migrations). */
export interface Stores {
  readonly sql: SqlClient;
  readonly library: LibraryStore;
  readonly events: EventStore;
  readonly apiKeys: ApiKeyStore;
  readonly counters: CounterStore;
  /** Throws when the database (or Redis, when used) does not answer: for /readyz. */
  ping(): Promise<void>;
  /** Closes counters, listeners and the database. */
  close(): Promise<void>;
}

export type { DecisionStatus, OfferStatus };
