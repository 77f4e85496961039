import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import { OfferkitError } from "@offerkit/core";
import { badRequest } from "./api-error.js";

/** Nesting deeper than this is refused before any schema walks it (schemas recurse). */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads and parses a JSON request body: application/json only, at most `limitBytes` (413 beyond, checked
 * on Content-Length first and again while streaming), valid UTF-8 (a leading BOM is ignored, as RFC 8259
 * allows), bounded depth, no `__proto__` keys.
 * An empty body is `undefined` so routes without a body accept bodiless POSTs.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limitBytes) {
    req.resume(); // let the socket drain so the 413 can be read by the client
    throw tooLarge(limitBytes);
  }
  const text = await readText(req, limitBytes);
  if (text.length === 0) return undefined;
  if (!isJsonContentType(req.headers["content-type"])) {
    throw badRequest(["headers", "content-type"], "must be application/json");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest([], `malformed JSON: ${(error as Error).message}`);
  }
  checkJsonShape(value);
  return value;
}

export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const mediaType = header.split(";", 1)[0]?.trim().toLowerCase();
  return (
    mediaType === "application/json" ||
    (mediaType?.startsWith("application/") === true && mediaType.endsWith("+json"))
  );
}

function tooLarge(limitBytes: number): OfferkitError {
  return new OfferkitError("PAYLOAD_TOO_LARGE", `request body exceeds ${limitBytes} bytes`, {
    issues: [{ path: [], message: `at most ${limitBytes} bytes` }],
  });
}

/** A body of any content type as text, at most `limitBytes` (413 beyond). */
export async function readTextBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limitBytes) {
    req.resume();
    throw tooLarge(limitBytes);
  }
  return readText(req, limitBytes);
}

function readText(req: IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limitBytes));
        return; // keep reading (and discarding) so the response can be delivered
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (failed) return;
      const buffer = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      if (!isUtf8(buffer)) reject(badRequest([], "body is not valid UTF-8"));
      else
        resolve(
          buffer.toString(
            "utf8",
            buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0,
          ),
        );
    });
    req.on("error", (error) => {
      if (!failed)
        reject(
          new OfferkitError("BAD_REQUEST", `request body could not be read: ${error.message}`),
        );
    });
  });
}

/**
 * Walks the parsed body once before any schema does (schemas recurse, so depth is bounded first): no
 * nesting beyond MAX_JSON_DEPTH, no `__proto__` keys, no NUL characters (PostgreSQL text cannot store
 * them). Recursion is bounded by MAX_JSON_DEPTH; the path is built only for the first offender.
 */
function checkJsonShape(root: unknown): void {
  const problem = findProblem(root, 0);
  if (problem !== undefined) throw badRequest(problem.path, problem.message);
}

interface ShapeProblem {
  /** Filled in innermost first while the recursion unwinds. */
  path: (string | number)[];
  message: string;
}

function findProblem(value: unknown, depth: number): ShapeProblem | undefined {
  if (typeof value === "string")
    return value.includes("\u0000")
      ? { path: [], message: "strings may not contain NUL characters" }
      : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH)
    return { path: [], message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = findProblem(value[i], depth + 1);
      if (problem !== undefined) {
        problem.path.unshift(i);
        return problem;
      }
    }
    return undefined;
  }
  // JSON.parse makes plain objects with own properties only (a "__proto__" key is an own property too).
  for (const key in value) {
    if (key === "__proto__") return { path: [key], message: "forbidden key" };
    if (key.includes("\u0000"))
      return { path: [key], message: "keys may not contain NUL characters" };
    const problem = findProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem !== undefined) {
      problem.path.unshift(key);
      return problem;
    }
  }
  return undefined;
}
