import type { LibraryKind, LibraryObjectOf, SqlClient, SqlExecutor } from "../types.js";
import { makeEtag } from "./etag.js";
import { kindSpec } from "./library-kinds.js";
import { bundleOf, loadLibrary, type LibraryRow } from "./library-rows.js";
import {
  assertLibraryValid,
  assertWriteKeepsLibraryValid,
  type WriteFocus,
} from "./library-validation.js";

export type LibraryChange =
  | { type: "put"; kind: LibraryKind; id: string; body: Record<string, unknown> }
  | { type: "delete"; kind: LibraryKind; id: string };

export interface WritePlan {
  changes: LibraryChange[];
  /** Start from an empty library instead of the current one (import in replace mode). */
  replaceAll?: boolean;
  /** focus: only problems this write introduces, relative to that object; whole: the result must fully validate. */
  check: { focus: WriteFocus } | "whole";
}

export interface WriteContext {
  /** The version this write will produce. */
  version: number;
  get(kind: LibraryKind, id: string): LibraryRow | undefined;
  has(kind: LibraryKind, id: string): boolean;
  /** Every object of the library as it is before this write. */
  all(): LibraryRow[];
}

export interface WriteOutcome {
  version: number;
  written: LibraryRow[];
}

const UPSERT_CHUNK = 1000;

/**
 * The one path by which the library changes. In a single transaction: bump the version (its row lock
 * makes writers take turns, so every check below sees a library nobody else is changing), read the
 * library, let the caller plan the change against it, validate the would-be library, write, NOTIFY.
 * Any throw rolls everything back, version included.
 */
export class LibraryWriter {
  constructor(
    private readonly sql: SqlClient,
    private readonly notifyChannel: string,
    private readonly clock: () => Date,
  ) {}

  write(plan: (ctx: WriteContext) => WritePlan): Promise<WriteOutcome> {
    return this.sql.transaction(async (tx) => {
      const [state] = await tx.query<{ version: number }>(
        "UPDATE library_state SET version = version + 1 WHERE id = 1 RETURNING version",
      );
      if (!state) throw new Error("library_state has no row: the database was not migrated");
      const version = state.version;
      const { rows } = await loadLibrary(tx);
      const current = new Map(rows.map((r) => [rowKey(r.kind, r.id), r]));
      const {
        changes,
        replaceAll = false,
        check,
      } = plan({
        version,
        get: (kind, id) => current.get(rowKey(kind, id)),
        has: (kind, id) => current.has(rowKey(kind, id)),
        all: () => [...current.values()],
      });

      const now = this.clock().toISOString();
      const next = replaceAll ? new Map<string, LibraryRow>() : new Map(current);
      const written: LibraryRow[] = [];
      const deleted: { kind: LibraryKind; id: string }[] = [];
      for (const change of changes) {
        const key = rowKey(change.kind, change.id);
        if (change.type === "delete") {
          next.delete(key);
          deleted.push({ kind: change.kind, id: change.id });
          continue;
        }
        const row: LibraryRow = {
          kind: change.kind,
          id: change.id,
          body: change.body,
          etag: makeEtag(change.kind, change.id, version, change.body),
          createdAt: current.get(key)?.createdAt ?? now,
          updatedAt: now,
        };
        next.set(key, row);
        written.push(row);
      }

      const after = bundleOf(version, next.values(), false);
      if (check === "whole") assertLibraryValid(after);
      else
        assertWriteKeepsLibraryValid(
          bundleOf(version - 1, current.values(), false),
          after,
          check.focus,
        );

      if (replaceAll) await tx.query("DELETE FROM library_objects");
      else if (deleted.length > 0) await deleteRows(tx, deleted);
      for (let i = 0; i < written.length; i += UPSERT_CHUNK)
        await upsertRows(tx, written.slice(i, i + UPSERT_CHUNK));
      await tx.query("SELECT pg_notify($1, $2)", [this.notifyChannel, String(version)]);
      return { version, written };
    });
  }
}

function rowKey(kind: LibraryKind, id: string): string {
  return `${kind}\u0000${id}`;
}

async function deleteRows(
  tx: SqlExecutor,
  rows: { kind: LibraryKind; id: string }[],
): Promise<void> {
  await tx.query(
    `DELETE FROM library_objects o
      USING jsonb_to_recordset($1::jsonb) AS x(kind text, id text)
      WHERE o.kind = x.kind AND o.id = x.id`,
    [JSON.stringify(rows)],
  );
}

/** All rows in one statement (jsonb_to_recordset), so a 1,000-offer import is one round trip. */
async function upsertRows(tx: SqlExecutor, rows: LibraryRow[]): Promise<void> {
  const records = rows.map((row) => {
    const columns = kindSpec(row.kind).columns(row.body as unknown as LibraryObjectOf[LibraryKind]);
    return {
      kind: row.kind,
      id: row.id,
      body: row.body,
      etag: row.etag,
      ...columns,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    };
  });
  await tx.query(
    `INSERT INTO library_objects (kind, id, body, etag, name, status, subkind, tags, priority, created_at, updated_at)
     SELECT x.kind, x.id, x.body, x.etag, x.name, x.status, x.subkind, x.tags, x.priority, x.created_at, x.updated_at
       FROM jsonb_to_recordset($1::jsonb) AS x(
         kind text, id text, body jsonb, etag text, name text, status text, subkind text, tags jsonb,
         priority integer, created_at timestamptz, updated_at timestamptz)
     ON CONFLICT (kind, id) DO UPDATE SET
       body = excluded.body, etag = excluded.etag, name = excluded.name, status = excluded.status,
       subkind = excluded.subkind, tags = excluded.tags, priority = excluded.priority,
       created_at = excluded.created_at, updated_at = excluded.updated_at`,
    [JSON.stringify(records)],
  );
}
