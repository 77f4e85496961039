import { z } from "zod";
import { OfferkitError } from "@offerkit/core";
import type { LibraryKind, ListOrderField, ListQuery } from "../types.js";
import type { KindSpec } from "./library-kinds.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const ListQuerySchema = z
  .object({
    status: z.string().min(1).optional(),
    tag: z.string().min(1).max(64).optional(),
    kind: z.string().min(1).optional(),
    q: z.string().max(200).optional(),
    orderBy: z.enum(["id", "name", "createdAt", "updatedAt", "priority"]).default("id"),
    direction: z.enum(["asc", "desc"]).default("asc"),
    limit: z.int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict();

export interface ParsedListQuery {
  status?: string;
  tag?: string;
  subkind?: string;
  q?: string;
  orderBy: ListOrderField;
  direction: "asc" | "desc";
  limit: number;
  after?: CursorPosition;
}

/** Where the previous page ended: the sort value and id of its last item. */
export interface CursorPosition {
  value: string | number;
  id: string;
}

/** Checks the query against what this kind supports; every problem names its parameter. */
export function parseListQuery<K extends LibraryKind>(
  spec: KindSpec<K>,
  query: ListQuery = {},
): ParsedListQuery {
  const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
  const result = ListQuerySchema.safeParse(defined);
  if (!result.success) throw OfferkitError.fromZod(result.error);
  const q = result.data;
  const problems: { path: string[]; message: string }[] = [];
  const allowed = (
    name: string,
    value: string | undefined,
    values: readonly string[] | undefined,
  ) => {
    if (value === undefined) return;
    if (!values)
      problems.push({ path: [name], message: `${spec.kind} cannot be filtered by ${name}` });
    else if (!values.includes(value))
      problems.push({ path: [name], message: `must be one of ${values.join(", ")}` });
  };
  allowed("status", q.status, spec.statuses);
  allowed("kind", q.kind, spec.subkinds);
  if (q.tag !== undefined && !spec.tags)
    problems.push({ path: ["tag"], message: `${spec.kind} have no tags` });
  if (q.orderBy === "priority" && !spec.priority)
    problems.push({ path: ["orderBy"], message: `${spec.kind} have no priority` });
  const after =
    q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.orderBy, q.direction, problems);
  if (problems.length > 0) {
    throw new OfferkitError(
      "VALIDATION_FAILED",
      `${problems[0]?.path[0]}: ${problems[0]?.message}`,
      { issues: problems },
    );
  }
  return {
    ...(q.status !== undefined && { status: q.status }),
    ...(q.tag !== undefined && { tag: q.tag }),
    ...(q.kind !== undefined && { subkind: q.kind }),
    ...(q.q !== undefined && q.q !== "" && { q: q.q }),
    orderBy: q.orderBy,
    direction: q.direction,
    limit: q.limit,
    ...(after && { after }),
  };
}

interface CursorPayload {
  o: ListOrderField;
  d: "asc" | "desc";
  v: string | number;
  i: string;
}

export function encodeCursor(
  orderBy: ListOrderField,
  direction: "asc" | "desc",
  position: CursorPosition,
): string {
  const payload: CursorPayload = { o: orderBy, d: direction, v: position.value, i: position.id };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

function decodeCursor(
  cursor: string,
  orderBy: ListOrderField,
  direction: "asc" | "desc",
  problems: { path: string[]; message: string }[],
): CursorPosition | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    payload = undefined;
  }
  if (!isCursorPayload(payload)) {
    problems.push({ path: ["cursor"], message: "is not a cursor from a previous page" });
    return undefined;
  }
  if (payload.o !== orderBy || payload.d !== direction) {
    problems.push({
      path: ["cursor"],
      message: `belongs to a list ordered by ${payload.o} ${payload.d}`,
    });
    return undefined;
  }
  return { value: payload.v, id: payload.i };
}

function isCursorPayload(value: unknown): value is CursorPayload {
  if (typeof value !== "object" || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p["i"] === "string" &&
    (typeof p["v"] === "string" || typeof p["v"] === "number") &&
    typeof p["o"] === "string" &&
    (p["d"] === "asc" || p["d"] === "desc")
  );
}
