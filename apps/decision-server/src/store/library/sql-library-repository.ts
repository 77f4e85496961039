import { OfferkitError, formatPath } from "@offerkit/core";
import type {
  LibraryKind,
  LibraryObjectOf,
  LibraryRepository,
  ListQuery,
  Page,
  SqlClient,
  Stored,
  WriteOptions,
  WriteResult,
} from "../types.js";
import { etagMatches } from "./etag.js";
import { isObject, kindSpec, type KindSpec } from "./library-kinds.js";
import {
  bundleOf,
  fromDb,
  LIBRARY_ROW_COLUMNS,
  toStored,
  type DbLibraryRow,
  type LibraryRow,
} from "./library-rows.js";
import type { LibraryWriter, WriteContext, WritePlan } from "./library-writer.js";
import { referencesTo } from "./library-references.js";
import { encodeCursor, parseListQuery } from "./list-query.js";

/** Fields the store maintains: whatever a client sends for them is ignored. */
const META_FIELDS = ["etag", "createdAt", "updatedAt"] as const;

const SORT_COLUMNS = {
  id: { column: "id", cast: "text" },
  name: { column: "name", cast: "text" },
  createdAt: { column: "created_at", cast: "timestamptz" },
  updatedAt: { column: "updated_at", cast: "timestamptz" },
  priority: { column: "priority", cast: "integer" },
} as const;

/** CRUD for one kind of library object; every write goes through the LibraryWriter. */
export class SqlLibraryRepository<K extends LibraryKind> implements LibraryRepository<K> {
  protected readonly spec: KindSpec<K>;

  constructor(
    readonly kind: K,
    protected readonly sql: SqlClient,
    protected readonly writer: LibraryWriter,
  ) {
    this.spec = kindSpec(kind);
  }

  async list(query?: ListQuery): Promise<Page<Stored<LibraryObjectOf[K]>>> {
    const q = parseListQuery(this.spec, query);
    const params: unknown[] = [this.kind];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ["kind = $1"];
    if (q.status !== undefined) where.push(`status = ${param(q.status)}`);
    if (q.subkind !== undefined) where.push(`subkind = ${param(q.subkind)}`);
    if (q.tag !== undefined) where.push(`tags @> ${param(JSON.stringify([q.tag]))}::jsonb`);
    if (q.q !== undefined) where.push(`strpos(lower(name), lower(${param(q.q)})) > 0`);
    const sort = SORT_COLUMNS[q.orderBy];
    const dir = q.direction === "asc" ? "ASC" : "DESC";
    const after = q.direction === "asc" ? ">" : "<";
    if (q.after) {
      where.push(
        sort.column === "id"
          ? `id ${after} ${param(q.after.id)}`
          : `(${sort.column}, id) ${after} (${param(q.after.value)}::${sort.cast}, ${param(q.after.id)})`,
      );
    }
    const rows = await this.sql.query<DbLibraryRow & { name: string; priority: number }>(
      `SELECT ${LIBRARY_ROW_COLUMNS}, name, priority FROM library_objects
        WHERE ${where.join(" AND ")}
        ORDER BY ${sort.column} ${dir}, id ${dir}
        LIMIT ${q.limit + 1}`,
      params,
    );
    const pageRows = rows.slice(0, q.limit);
    const last = pageRows[pageRows.length - 1];
    const page: Page<Stored<LibraryObjectOf[K]>> = {
      items: pageRows.map((r) => toStored(fromDb(r))),
    };
    if (rows.length > q.limit && last) {
      const value =
        q.orderBy === "createdAt"
          ? last.created_at.toISOString()
          : q.orderBy === "updatedAt"
            ? last.updated_at.toISOString()
            : q.orderBy === "priority"
              ? last.priority
              : q.orderBy === "name"
                ? last.name
                : last.id;
      page.nextCursor = encodeCursor(q.orderBy, q.direction, { value, id: last.id });
    }
    return page;
  }

  async get(id: string): Promise<Stored<LibraryObjectOf[K]>> {
    const [row] = await this.sql.query<DbLibraryRow>(
      `SELECT ${LIBRARY_ROW_COLUMNS} FROM library_objects WHERE kind = $1 AND id = $2`,
      [this.kind, id],
    );
    if (!row) throw this.notFound(id);
    return toStored(fromDb(row));
  }

  async create(input: unknown): Promise<WriteResult<LibraryObjectOf[K]>> {
    const item = this.parse(withoutMeta(input));
    return this.writeOne(item.id, (ctx) => {
      if (ctx.has(this.kind, item.id)) {
        throw new OfferkitError("CONFLICT", `${this.spec.noun} "${item.id}" already exists`, {
          issues: [{ path: ["id"], message: "already exists" }],
        });
      }
      return this.put(item);
    });
  }

  update(
    id: string,
    input: unknown,
    options: WriteOptions = {},
  ): Promise<WriteResult<LibraryObjectOf[K]>> {
    const body = requireObject(withoutMeta(input));
    return this.writeOne(id, (ctx) =>
      this.put(this.replacement(this.current(ctx, id, options), body)),
    );
  }

  patch(
    id: string,
    input: unknown,
    options: WriteOptions = {},
  ): Promise<WriteResult<LibraryObjectOf[K]>> {
    const changes = requireObject(withoutMeta(input));
    return this.writeOne(id, (ctx) => {
      const current = this.current(ctx, id, options);
      return this.put(this.replacement(current, { ...current.body, ...changes }));
    });
  }

  async delete(id: string, options: WriteOptions = {}): Promise<{ version: number }> {
    const { version } = await this.writer.write((ctx) => {
      this.current(ctx, id, options);
      const referrers = referencesTo(bundleOf(ctx.version, ctx.all(), false), this.kind, id);
      if (referrers.length > 0) {
        const issues = referrers.map((r) => ({
          path: [r.fromKind, r.fromId, ...r.path],
          message: `refers to ${this.spec.noun} "${id}"`,
        }));
        throw new OfferkitError(
          "REFERENCED",
          `${this.spec.noun} "${id}" is still referenced by ${formatPath(issues[0]?.path ?? [])}` +
            (issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""),
          { issues },
        );
      }
      return {
        changes: [{ type: "delete", kind: this.kind, id }],
        check: { focus: { kind: this.kind, id } },
      };
    });
    return { version };
  }

  /** The stored row, after the NOT_FOUND and If-Match checks. */
  protected current(ctx: WriteContext, id: string, options: WriteOptions): LibraryRow {
    const row = ctx.get(this.kind, id);
    if (!row) throw this.notFound(id);
    if (options.ifMatch !== undefined && !etagMatches(options.ifMatch, row.etag)) {
      throw new OfferkitError(
        "PRECONDITION_FAILED",
        `${this.spec.noun} "${id}" was changed since etag ${options.ifMatch}`,
        {
          issues: [{ path: ["If-Match"], message: `stale etag; the current one is ${row.etag}` }],
        },
      );
    }
    return row;
  }

  /** A full new body for an existing object: same id, same status unless a transition changes it. */
  protected replacement(current: LibraryRow, body: Record<string, unknown>): LibraryObjectOf[K] {
    if (body["id"] !== undefined && body["id"] !== current.id) {
      throw new OfferkitError(
        "VALIDATION_FAILED",
        `id: cannot change ${this.spec.noun} id "${current.id}"`,
        {
          issues: [{ path: ["id"], message: `must be "${current.id}" (ids cannot change)` }],
        },
      );
    }
    const currentStatus = current.body["status"];
    if (
      body["status"] !== undefined &&
      currentStatus !== undefined &&
      body["status"] !== currentStatus
    ) {
      throw new OfferkitError(
        "VALIDATION_FAILED",
        `status: changes only through the status transitions`,
        {
          issues: [
            {
              path: ["status"],
              message: `is ${JSON.stringify(currentStatus)}; use a status transition to change it`,
            },
          ],
        },
      );
    }
    const next = {
      ...body,
      id: current.id,
      ...(currentStatus !== undefined && { status: currentStatus }),
    };
    return this.parse(next);
  }

  protected parse(input: unknown): LibraryObjectOf[K] {
    const result = this.spec.schemaFor(input).safeParse(input);
    if (!result.success) throw OfferkitError.fromZod(result.error);
    return withoutMeta(result.data) as LibraryObjectOf[K];
  }

  protected put(item: LibraryObjectOf[K]): WritePlan {
    return {
      changes: [
        {
          type: "put",
          kind: this.kind,
          id: item.id,
          body: item as unknown as Record<string, unknown>,
        },
      ],
      check: { focus: { kind: this.kind, id: item.id } },
    };
  }

  /** Runs a single-object write and returns that object as stored. */
  protected async writeOne(
    id: string,
    plan: (ctx: WriteContext) => WritePlan,
  ): Promise<WriteResult<LibraryObjectOf[K]>> {
    const { version, written } = await this.writer.write(plan);
    const row = written.find((r) => r.kind === this.kind) ?? written[0];
    if (!row) throw new Error(`write of ${this.spec.noun} "${id}" stored nothing`);
    return { item: toStored(row), version };
  }

  protected notFound(id: string): OfferkitError {
    return new OfferkitError("NOT_FOUND", `${this.spec.noun} "${id}" does not exist`);
  }
}

function withoutMeta(input: unknown): unknown {
  if (!isObject(input)) return input;
  const copy = { ...input };
  for (const field of META_FIELDS) delete copy[field];
  return copy;
}

function requireObject(input: unknown): Record<string, unknown> {
  if (!isObject(input)) {
    throw new OfferkitError("VALIDATION_FAILED", "(root): must be an object", {
      issues: [{ path: [], message: "must be an object" }],
    });
  }
  return input;
}
