import { z } from "zod";
import { DateTime, OfferEvent, OfferkitError, formatPath, type Issue } from "@offerkit/core";
import type {
  AppendCount,
  AppendResult,
  EventQuery,
  EventStore,
  Page,
  SqlClient,
} from "../types.js";

export const MAX_EVENTS_PER_APPEND = 1000;
const DEFAULT_QUERY_LIMIT = 100;

const EventQuerySchema = z
  .object({
    propositionId: z.string().min(1).max(128).optional(),
    profileId: z.string().min(1).max(256).optional(),
    decisionId: z.string().min(1).max(128).optional(),
    offerId: z.string().min(1).max(128).optional(),
    type: z.enum(["decision", "display", "interact", "custom"]).optional(),
    from: z.union([z.date(), DateTime]).optional(),
    to: z.union([z.date(), DateTime]).optional(),
    limit: z.int().min(1).max(1000).default(DEFAULT_QUERY_LIMIT),
    cursor: z.string().min(1).max(1000).optional(),
  })
  .strict();

/**
 * One statement: all new events are stored or none (a crash cannot keep half a batch). Each event is
 * sent once, as its body; the database takes the columns from it.
 */
const INSERT_EVENTS = `INSERT INTO events (id, type, ts, profile_id, proposition_id, decision_id, placement_id, offer_id, body)
  SELECT e->>'id', e->>'type', (e->>'timestamp')::timestamptz, e->>'profileId', e->>'propositionId',
         e->>'decisionId', e->>'placementId', CASE WHEN e->>'type' = 'decision' THEN NULL ELSE e->>'offerId' END, e
    FROM jsonb_array_elements($1::jsonb) AS e
  ON CONFLICT (id) DO NOTHING`;

/** Decision and feedback events, idempotent by event id, queryable for reporting. */
export class SqlEventStore implements EventStore {
  constructor(private readonly sql: SqlClient) {}

  async append(events: readonly unknown[]): Promise<AppendResult> {
    if (events.length > MAX_EVENTS_PER_APPEND) {
      throw new OfferkitError(
        "VALIDATION_FAILED",
        `at most ${MAX_EVENTS_PER_APPEND} events per call`,
        {
          issues: [{ path: [], message: `at most ${MAX_EVENTS_PER_APPEND} events` }],
        },
      );
    }
    const issues: Issue[] = [];
    const parsed: OfferEvent[] = [];
    events.forEach((event, index) => {
      const result = OfferEvent.safeParse(event);
      if (result.success) parsed.push(result.data);
      else issues.push(...OfferkitError.fromZod(result.error, "VALIDATION_FAILED", [index]).issues);
    });
    if (issues.length > 0) {
      const first = issues[0];
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
      throw new OfferkitError(
        "VALIDATION_FAILED",
        `${formatPath(first?.path ?? [])}: ${first?.message ?? "invalid"}${more}`,
        {
          issues,
        },
      );
    }

    return this.appendValidated(parsed);
  }

  async appendValidated(events: readonly OfferEvent[]): Promise<AppendResult> {
    const unique = firstOfEachId(events);
    const inserted =
      unique.length === 0
        ? []
        : await this.sql.query<{ id: string }>(
            `${INSERT_EVENTS} RETURNING id`,
            [JSON.stringify(unique)],
            "offerkit_append_events",
          );
    if (inserted.length === events.length)
      return { inserted: events.map((e) => e.id), duplicates: [] };
    const insertedIds = new Set(inserted.map((r) => r.id));
    const result: AppendResult = { inserted: [], duplicates: [] };
    const reported = new Set<string>();
    for (const event of events) {
      const isNew = insertedIds.has(event.id) && !reported.has(event.id);
      reported.add(event.id);
      (isNew ? result.inserted : result.duplicates).push(event.id);
    }
    return result;
  }

  async appendCounted(events: readonly OfferEvent[]): Promise<AppendCount> {
    const unique = firstOfEachId(events);
    const inserted =
      unique.length === 0
        ? 0
        : await this.sql.execute(
            INSERT_EVENTS,
            [JSON.stringify(unique)],
            "offerkit_append_events_counted",
          );
    return { inserted, duplicates: events.length - inserted };
  }

  async query(query: EventQuery = {}): Promise<Page<OfferEvent>> {
    const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    const parsed = EventQuerySchema.safeParse(defined);
    if (!parsed.success) throw OfferkitError.fromZod(parsed.error);
    const q = parsed.data;
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (q.propositionId !== undefined) where.push(`proposition_id = ${param(q.propositionId)}`);
    if (q.profileId !== undefined) where.push(`profile_id = ${param(q.profileId)}`);
    if (q.decisionId !== undefined) where.push(`decision_id = ${param(q.decisionId)}`);
    if (q.offerId !== undefined) {
      // Decision events carry their offers inside items.
      const offer = param(q.offerId);
      where.push(
        `(offer_id = ${offer} OR (type = 'decision' AND body->'items' @> jsonb_build_array(jsonb_build_object('offerId', ${offer}::text))))`,
      );
    }
    if (q.type !== undefined) where.push(`type = ${param(q.type)}`);
    if (q.from !== undefined) where.push(`ts >= ${param(toIso(q.from))}::timestamptz`);
    if (q.to !== undefined) where.push(`ts < ${param(toIso(q.to))}::timestamptz`);
    if (q.cursor !== undefined) {
      const position = decodeEventCursor(q.cursor);
      where.push(`(ts, id) > (${param(position.ts)}::timestamptz, ${param(position.id)})`);
    }
    // The cursor keeps microseconds (to_char), so events within one millisecond page correctly.
    const rows = await this.sql.query<{ id: string; ts_exact: string; body: OfferEvent }>(
      `SELECT id, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ts_exact, body FROM events ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
        ORDER BY ts, id LIMIT ${q.limit + 1}`,
      params,
    );
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    const page: Page<OfferEvent> = { items: items.map((r) => r.body) };
    if (rows.length > q.limit && last) {
      page.nextCursor = Buffer.from(JSON.stringify({ t: last.ts_exact, i: last.id })).toString(
        "base64url",
      );
    }
    return page;
  }
}

function toIso(value: Date | string): string {
  return typeof value === "string" ? value : value.toISOString();
}

function decodeEventCursor(cursor: string): { ts: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as {
      t?: unknown;
      i?: unknown;
    };
    if (
      typeof value.t === "string" &&
      typeof value.i === "string" &&
      !Number.isNaN(Date.parse(value.t))
    ) {
      return { ts: value.t, id: value.i };
    }
  } catch {
    // fall through to the error below
  }
  throw new OfferkitError("VALIDATION_FAILED", "cursor: is not a cursor from a previous page", {
    issues: [{ path: ["cursor"], message: "is not a cursor from a previous page" }],
  });
}

/** At most MAX_EVENTS_PER_APPEND; the first of several events with one id wins, the rest are replays. */
function firstOfEachId(events: readonly OfferEvent[]): readonly OfferEvent[] {
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new OfferkitError(
      "VALIDATION_FAILED",
      `at most ${MAX_EVENTS_PER_APPEND} events per call`,
      {
        issues: [{ path: [], message: `at most ${MAX_EVENTS_PER_APPEND} events` }],
      },
    );
  }
  const ids = new Set<string>();
  return events.filter((e) => !ids.has(e.id) && ids.add(e.id));
}
