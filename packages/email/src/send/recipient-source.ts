import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { JsonValue } from "@offerkit/core";
import { parse } from "csv-parse";
import type { Recipient } from "../render/recipient.js";

export type RecipientFormat = "csv" | "jsonl";

export class RecipientInputError extends Error {
  override readonly name = "RecipientInputError";
}

/**
 * Streams recipients from a file without loading it: JSONL (`{"id","email","profile","context"}`
 * per line) or CSV with a header row. CSV columns: `email` (required), `id` (default: the email,
 * lower-cased), `context.<name>` into the decision context, anything else into the profile;
 * dotted headers nest (`loyalty.tier`), numbers and true/false are typed, cells starting with
 * `[` or `{` are read as JSON (`["running","yoga"]`).
 */
export async function* readRecipients(
  path: string,
  format: RecipientFormat = formatOf(path),
): AsyncGenerator<Recipient> {
  if (format === "jsonl") {
    const lines = createInterface({
      input: createReadStream(path, { encoding: "utf8" }),
      crlfDelay: Infinity,
    });
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new RecipientInputError(`${path}:${lineNumber}: not JSON`);
      }
      yield recipientFrom(value, `${path}:${lineNumber}`);
    }
    return;
  }
  const rows = createReadStream(path).pipe(
    parse({ columns: true, skip_empty_lines: true, trim: true, bom: true }),
  );
  let rowNumber = 1;
  for await (const row of rows as AsyncIterable<Record<string, string>>) {
    rowNumber++;
    const profile: Record<string, JsonValue> = {};
    const context: Record<string, JsonValue> = {};
    for (const [column, cell] of Object.entries(row)) {
      if (column === "email" || column === "id" || cell === "") continue;
      if (column.startsWith("context.")) setPath(context, column.slice(8).split("."), typed(cell));
      else setPath(profile, column.split("."), typed(cell));
    }
    yield recipientFrom(
      { id: row.id === "" ? undefined : row.id, email: row.email, profile, context },
      `${path}:${rowNumber}`,
    );
  }
}

export function formatOf(path: string): RecipientFormat {
  return /\.jsonl?$/i.test(path) || /\.ndjson$/i.test(path) ? "jsonl" : "csv";
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

function recipientFrom(value: unknown, where: string): Recipient {
  if (typeof value !== "object" || value === null)
    throw new RecipientInputError(`${where}: expected an object`);
  const { id, email, profile, context } = value as Record<string, unknown>;
  if (typeof email !== "string" || !EMAIL.test(email.trim()))
    throw new RecipientInputError(`${where}: missing or invalid email`);
  if (id !== undefined && (typeof id !== "string" || id === "" || id.length > 256))
    throw new RecipientInputError(`${where}: id must be a string of 1-256 characters`);
  const recipient: Recipient = { id: id ?? email.trim().toLowerCase(), email: email.trim() };
  if (isRecord(profile)) recipient.profile = profile as Record<string, JsonValue>;
  if (isRecord(context) && Object.keys(context).length > 0)
    recipient.context = context as Record<string, JsonValue>;
  return recipient;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typed(cell: string): JsonValue {
  if (cell === "true") return true;
  if (cell === "false") return false;
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/.test(cell) && cell.length < 16) return Number(cell);
  if (cell.startsWith("[") || cell.startsWith("{")) {
    try {
      return JSON.parse(cell) as JsonValue;
    } catch {
      return cell;
    }
  }
  return cell;
}

// Own keys only; "__proto__" and friends become plain data keys of a null-prototype-safe object.
function setPath(target: Record<string, JsonValue>, path: string[], value: JsonValue): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i]!;
    const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (typeof next !== "object" || next === null || Array.isArray(next)) {
      const child: Record<string, JsonValue> = {};
      Object.defineProperty(node, segment, {
        value: child,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      node = child;
    } else node = next as Record<string, JsonValue>;
  }
  Object.defineProperty(node, path[path.length - 1]!, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
