import { OfferkitError } from "@offerkit/core";

/** One audience member: what a decision request needs besides the job's scopes and options. */
export interface AudienceMember {
  profile: unknown;
  context?: unknown;
}

export type AudienceFormat = "jsonl" | "csv";

/** Thrown for a line that cannot be read; the job counts it with its line number and goes on. */
export function badLine(message: string): OfferkitError {
  return new OfferkitError("VALIDATION_FAILED", message);
}

/**
 * A JSON Lines member: `{ "profile": { "id": "…", "attributes": { … } }, "context": { … } }` (context
 * optional; no other keys, so a line cannot smuggle in scopes or options).
 */
export function parseJsonlMember(line: string): AudienceMember {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw badLine(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw badLine('expected an object {"profile": {...}, "context"?: {...}}');
  const { profile, context, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw badLine(`unknown key "${unknown[0]}" (a line has "profile" and optionally "context")`);
  if (profile === undefined) throw badLine('"profile" is missing');
  return context === undefined ? { profile } : { profile, context };
}

/**
 * CSV columns, from the header: `id` is the profile id; `context.<name>` goes to the context; every
 * other column is a profile attribute, with dots making nested objects (`loyalty.tier`).
 */
export interface CsvColumns {
  names: string[];
}

export function parseCsvHeader(line: string): CsvColumns {
  const names = splitCsvRecord(line).map((n) => n.trim());
  if (!names.includes("id")) throw badLine('the header has no "id" column (the profile id)');
  const seen = new Set<string>();
  for (const name of names) {
    if (name === "") throw badLine("the header has an empty column name");
    if (seen.has(name)) throw badLine(`the header names "${name}" twice`);
    seen.add(name);
  }
  return { names };
}

/**
 * A CSV record (RFC 4180 quoting, one record per line). Values: integers and decimals become numbers,
 * true / false booleans, empty cells are left out, anything else is a string.
 */
export function parseCsvMember(columns: CsvColumns, line: string): AudienceMember {
  const cells = splitCsvRecord(line);
  if (cells.length !== columns.names.length)
    throw badLine(`has ${cells.length} cells; the header has ${columns.names.length}`);
  let id: string | undefined;
  const attributes: Record<string, unknown> = {};
  const context: Record<string, unknown> = {};
  columns.names.forEach((name, i) => {
    const cell = cells[i] ?? "";
    if (name === "id") {
      id = cell;
      return;
    }
    if (cell === "") return;
    const value = csvValue(cell);
    if (name.startsWith("context."))
      setPath(context, name.slice("context.".length).split("."), value);
    else setPath(attributes, name.split("."), value);
  });
  if (id === undefined || id === "") throw badLine('the "id" cell is empty');
  const member: AudienceMember = { profile: { id, attributes } };
  if (Object.keys(context).length > 0) member.context = context;
  return member;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function csvValue(cell: string): unknown {
  if (NUMBER.test(cell)) return Number(cell);
  if (cell === "true") return true;
  if (cell === "false") return false;
  return cell;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = node[key];
    if (typeof next === "object" && next !== null) node = next as Record<string, unknown>;
    else node = node[key] = {};
  }
  node[path[path.length - 1]!] = value;
}

/** Splits one CSV record: commas, double-quoted fields with "" for a quote. */
export function splitCsvRecord(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let cell = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) throw badLine("a quoted cell is not closed");
        cell += line.slice(i, q);
        if (line[q + 1] === '"') {
          cell += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i < line.length && line[i] !== ",")
        throw badLine(`unexpected character after a quoted cell at column ${i + 1}`);
      cells.push(cell);
    } else {
      const comma = line.indexOf(",", i);
      cells.push(comma === -1 ? line.slice(i) : line.slice(i, comma));
      i = comma === -1 ? line.length : comma;
    }
    if (i >= line.length) return cells;
    i++; // the comma
    if (i === line.length) {
      cells.push("");
      return cells;
    }
  }
}
