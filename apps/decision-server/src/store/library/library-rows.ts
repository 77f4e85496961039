import type { LibraryBundle } from "@offerkit/core";
import type { LibraryKind, SqlExecutor, Stored } from "../types.js";
import { LIBRARY_KINDS } from "./library-kinds.js";

/** One stored library object as the store handles it: the validated body without meta, plus meta. */
export interface LibraryRow {
  kind: LibraryKind;
  id: string;
  body: Record<string, unknown>;
  etag: string;
  createdAt: string;
  updatedAt: string;
}

export interface DbLibraryRow {
  kind: LibraryKind;
  id: string;
  body: Record<string, unknown>;
  etag: string;
  created_at: Date;
  updated_at: Date;
}

export const LIBRARY_ROW_COLUMNS = "kind, id, body, etag, created_at, updated_at";

export function fromDb(row: DbLibraryRow): LibraryRow {
  return {
    kind: row.kind,
    id: row.id,
    body: row.body,
    etag: row.etag,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toStored<T>(row: LibraryRow): Stored<T> {
  return {
    ...row.body,
    etag: row.etag,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  } as Stored<T>;
}

/**
 * The whole library and its version, read by ONE statement so it is a consistent snapshot even
 * outside a transaction (the LEFT JOIN keeps the version row when the library is empty).
 */
export async function loadLibrary(
  sql: SqlExecutor,
): Promise<{ version: number; rows: LibraryRow[] }> {
  const result = await sql.query<
    { version: number } & { [K in keyof DbLibraryRow]: DbLibraryRow[K] | null }
  >(
    `SELECT s.version, o.kind, o.id, o.body, o.etag, o.created_at, o.updated_at
       FROM library_state s LEFT JOIN library_objects o ON true
      WHERE s.id = 1
      ORDER BY o.kind, o.id`,
  );
  const version = result[0]?.version ?? 0;
  const rows = result
    .filter((r): r is { version: number } & DbLibraryRow => r.kind !== null)
    .map(fromDb);
  return { version, rows };
}

/** Rows → bundle, each kind ordered by id; withMeta adds etag / createdAt / updatedAt to each object. */
export function bundleOf(
  version: number,
  rows: Iterable<LibraryRow>,
  withMeta: boolean,
): LibraryBundle {
  const lists: Record<LibraryKind, unknown[]> = {
    offers: [],
    placements: [],
    collections: [],
    rules: [],
    rankingFormulas: [],
    decisions: [],
  };
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const row of sorted) lists[row.kind].push(withMeta ? toStored(row) : row.body);
  // Bodies were validated with core's schemas on the way in, so they are bundle elements as stored.
  return { version, ...lists } as LibraryBundle;
}

export function emptyCounts(): Record<LibraryKind, number> {
  return Object.fromEntries(LIBRARY_KINDS.map((k) => [k, 0])) as Record<LibraryKind, number>;
}
