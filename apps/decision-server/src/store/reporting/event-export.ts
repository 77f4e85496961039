import type { OfferEvent } from "@offerkit/core";
import type { SqlExecutor } from "../types.js";

export interface EventExportFilter {
  /** Inclusive, ISO 8601. */
  from: string;
  /** Exclusive, ISO 8601. */
  to: string;
  type?: OfferEvent["type"] | undefined;
  decisionId?: string | undefined;
}

/** Rows per keyset page: large enough to amortise the round trip, small enough to bound memory. */
const PAGE_SIZE = 1000;

/**
 * The stored events of a time range as JSON Lines (one core OfferEvent per line, oldest first), read in
 * keyset pages of (ts, id) so memory stays bounded however many rows match: one page is in memory at a
 * time, and the next is read only when the consumer asks for more. Bodies are sent as the database
 * stores them (the validated event), serialised by the database, never parsed here.
 */
export async function* exportEventLines(
  sql: SqlExecutor,
  filter: EventExportFilter,
  pageSize = PAGE_SIZE,
): AsyncGenerator<string> {
  let after: { ts: string; id: string } | undefined;
  for (;;) {
    const params: unknown[] = [filter.from, filter.to];
    const where = ["ts >= $1::timestamptz", "ts < $2::timestamptz"];
    if (filter.type !== undefined) {
      params.push(filter.type);
      where.push(`type = $${params.length}`);
    }
    if (filter.decisionId !== undefined) {
      params.push(filter.decisionId);
      where.push(`decision_id = $${params.length}`);
    }
    if (after !== undefined) {
      params.push(after.ts, after.id);
      where.push(`(ts, id) > ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    // The position keeps microseconds (to_char), so events within one millisecond page correctly.
    const rows = await sql.query<{ id: string; ts_exact: string; line: string }>(
      `SELECT id, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ts_exact, body::text AS line
         FROM events WHERE ${where.join(" AND ")} ORDER BY ts, id LIMIT ${pageSize}`,
      params,
    );
    if (rows.length === 0) return;
    yield rows.map((r) => r.line).join("\n") + "\n";
    const last = rows[rows.length - 1]!;
    if (rows.length < pageSize) return;
    after = { ts: last.ts_exact, id: last.id };
  }
}
