/**
 * The schema, as an append-only list: never edit a released migration, add a new one. Each statement
 * runs on its own (PGlite and pg both take one statement per parameterised query).
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "library, events, api keys, counters",
    statements: [
      // One row: the library version every accepted write bumps (its row lock serialises writers).
      `CREATE TABLE library_state (
         id integer PRIMARY KEY CHECK (id = 1),
         version bigint NOT NULL
       )`,
      `INSERT INTO library_state (id, version) VALUES (1, 0)`,
      // Every library object as its validated JSON body, plus the columns lists filter and sort on.
      `CREATE TABLE library_objects (
         kind text NOT NULL,
         id text NOT NULL,
         body jsonb NOT NULL,
         etag text NOT NULL,
         name text NOT NULL,
         status text,
         subkind text,
         tags jsonb NOT NULL DEFAULT '[]',
         priority integer NOT NULL DEFAULT 0,
         created_at timestamptz NOT NULL,
         updated_at timestamptz NOT NULL,
         PRIMARY KEY (kind, id)
       )`,
      `CREATE INDEX library_objects_by_name ON library_objects (kind, name, id)`,
      `CREATE INDEX library_objects_by_created ON library_objects (kind, created_at, id)`,
      `CREATE INDEX library_objects_by_updated ON library_objects (kind, updated_at, id)`,
      `CREATE INDEX library_objects_by_priority ON library_objects (kind, priority, id)`,
      `CREATE TABLE events (
         id text PRIMARY KEY,
         type text NOT NULL,
         ts timestamptz NOT NULL,
         profile_id text NOT NULL,
         proposition_id text NOT NULL,
         decision_id text NOT NULL,
         placement_id text NOT NULL,
         offer_id text,
         body jsonb NOT NULL,
         received_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE INDEX events_by_time ON events (ts, id)`,
      `CREATE INDEX events_by_proposition ON events (proposition_id)`,
      `CREATE INDEX events_by_profile ON events (profile_id, ts, id)`,
      `CREATE INDEX events_by_decision ON events (decision_id, ts, id)`,
      `CREATE TABLE api_keys (
         id text PRIMARY KEY,
         name text NOT NULL,
         key_sha256 text NOT NULL,
         scopes jsonb NOT NULL,
         rate_limit jsonb,
         created_at timestamptz NOT NULL,
         revoked_at timestamptz
       )`,
      // Cap counters; expires_at is epoch ms (window end), NULL for lifetime counters.
      `CREATE TABLE counters (
         key text PRIMARY KEY,
         value bigint NOT NULL,
         expires_at bigint
       )`,
      `CREATE INDEX counters_by_expiry ON counters (expires_at) WHERE expires_at IS NOT NULL`,
      // Event ids already counted, so record() is idempotent.
      `CREATE TABLE counter_events (
         event_id text PRIMARY KEY,
         expires_at bigint
       )`,
      `CREATE INDEX counter_events_by_expiry ON counter_events (expires_at) WHERE expires_at IS NOT NULL`,
    ],
  },
  {
    version: 2,
    name: "email suppressions (one-click unsubscribe)",
    statements: [
      // list_id '' = every marketing list; one row per (recipient, list) however often they click.
      `CREATE TABLE email_suppressions (
         recipient_id text NOT NULL,
         list_id text NOT NULL,
         campaign_id text NOT NULL,
         created_at timestamptz NOT NULL,
         PRIMARY KEY (recipient_id, list_id)
       )`,
    ],
  },
  {
    version: 3,
    name: "reporting indexes, cap rejection counts, batch decision jobs",
    statements: [
      // Reports and exports read one type over a time range; the included columns let feedback counts
      // be answered from the index alone.
      `CREATE INDEX events_by_type_time ON events (type, ts, id) INCLUDE (placement_id, offer_id, decision_id)`,
      // Candidates dropped because a cap was exhausted, per UTC hour (so reports can use any time zone);
      // placement_id '' = a cap that counts across placements (not attributable to one).
      `CREATE TABLE cap_rejections_hourly (
         hour timestamptz NOT NULL,
         offer_id text NOT NULL,
         placement_id text NOT NULL,
         cap_id text NOT NULL,
         count bigint NOT NULL,
         PRIMARY KEY (hour, offer_id, placement_id, cap_id)
       )`,
      `CREATE TABLE batch_jobs (
         id text PRIMARY KEY,
         status text NOT NULL,
         spec jsonb NOT NULL,
         instance_id text NOT NULL,
         total integer,
         processed integer NOT NULL DEFAULT 0,
         succeeded integer NOT NULL DEFAULT 0,
         failed integer NOT NULL DEFAULT 0,
         line_errors jsonb NOT NULL DEFAULT '[]',
         output_path text NOT NULL,
         library_version bigint,
         error text,
         created_at timestamptz NOT NULL,
         started_at timestamptz,
         finished_at timestamptz,
         heartbeat_at timestamptz NOT NULL
       )`,
      `CREATE INDEX batch_jobs_by_created ON batch_jobs (created_at DESC, id)`,
      `CREATE INDEX batch_jobs_unfinished ON batch_jobs (heartbeat_at) WHERE status IN ('queued', 'running')`,
    ],
  },
  {
    version: 4,
    name: "one index fewer per stored event",
    statements: [
      // Every stored event paid for this index (≈ 10 µs of PostgreSQL CPU per row) while no query needs
      // it: decision ids are few, so GET /v1/events?decisionId= walks events_by_time (or
      // events_by_type_time with a type) and filters; the reports and the export filter decision_id from
      // events_by_type_time, which includes it.
      `DROP INDEX IF EXISTS events_by_decision`,
    ],
  },
];
