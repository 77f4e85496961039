import { z } from "zod";

/** Identifiers of library objects: short, URL-safe, human-chosen or generated. */
export const Id = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
    "must be 1-128 characters of letters, digits, . _ : -",
  );
export type Id = z.infer<typeof Id>;

/** ISO 8601 date-time with offset, e.g. 2026-11-22T00:00:00Z. */
export const DateTime = z.iso.datetime({ offset: true });

export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

const MAX_JSON_DEPTH = 32;

/**
 * A JSON object (string keys; values strings, finite numbers, booleans, null, lists, objects) checked
 * by one recursive pass. Used for per-request data (profile attributes, context): `z.json()` is a
 * recursive union and costs ~50× more on every decide. Problems name the path of the bad value.
 */
export const JsonObject = z
  .custom<Record<string, JsonValue>>(
    (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    "must be a JSON object",
  )
  .superRefine((value, ctx) => {
    if (isJsonData(value, 0)) return;
    const problem = jsonProblem(value, [], 0);
    if (problem) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  })
  // What the OpenAPI document says about it (a custom check has no JSON Schema of its own).
  .meta({ type: "object", additionalProperties: true, description: "JSON object" });

/** True when `v` passes JsonObject unchanged (the check DecisionRequest's fast parse shares). */
export function isJsonObject(v: unknown): v is Record<string, JsonValue> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && isJsonData(v, 0);
}

/** The fast pass: no allocation; the slow pass below runs only to locate a problem. */
function isJsonData(v: unknown, depth: number): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (typeof v !== "object" || depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isJsonData(v[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  // for-in over a plain object visits its own keys (Object.prototype has no enumerable ones).
  for (const key in v) {
    if (!isJsonData((v as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

function jsonProblem(
  v: unknown,
  path: (string | number)[],
  depth: number,
): { path: (string | number)[]; message: string } | undefined {
  if (v === null || typeof v === "string" || typeof v === "boolean") return undefined;
  if (typeof v === "number")
    return Number.isFinite(v) ? undefined : { path, message: "must be a finite number" };
  if (typeof v !== "object") return { path, message: `must be JSON data, not ${typeof v}` };
  if (depth >= MAX_JSON_DEPTH)
    return { path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = jsonProblem(v[i], [...path, i], depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null)
    return { path, message: "must be a plain JSON object" };
  for (const key of Object.keys(v)) {
    const p = jsonProblem((v as Record<string, unknown>)[key], [...path, key], depth + 1);
    if (p) return p;
  }
  return undefined;
}

/** Free key/value data on offers (readable from rules as offer.attributes.x). */
export const Attributes = z
  .record(z.string().min(1).max(64), JsonValue)
  .refine((a) => Object.keys(a).length <= 30, "at most 30 attributes");

export const Tag = z.string().min(1).max(64);

/** Fields a library API maintains; optional in bundles so hand-written libraries stay short. */
export const Meta = {
  etag: z.string().optional(),
  createdAt: DateTime.optional(),
  updatedAt: DateTime.optional(),
};
