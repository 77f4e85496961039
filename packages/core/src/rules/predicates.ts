import type { Environment } from "@marcbachmann/cel-js";
import { attributePathOf, type AttributeRoot, type CelNode, flattenChain } from "./cel-ast.js";
import { createCelEnvironment } from "./cel-environment.js";
import { parseAndCheck } from "./cel-parse.js";
import type { FrameInput } from "./expression.js";
import { profileSource } from "./profile-frame-input.js";

/** A constant an index can key on. CEL ints become JS numbers (exact up to 2^53; larger are not indexed). */
export type IndexValue = string | number | boolean | null;

export interface RangeBound {
  readonly value: number;
  readonly inclusive: boolean;
}

/**
 * One top-level conjunct of a rule, in a form an eligibility index can evaluate without CEL.
 * Semantics (what "the predicate holds" means for the value v at root.path; a missing key never holds):
 * - eq:       v is a primitive equal to values[0] (numbers compare numerically: 18 == 18.0);
 * - in:       v is a primitive equal to one of values (from `path in [..]` or `path == a || path == b`);
 * - contains: v is a list with an element equal to values[0], or a map with an own key String(values[0]);
 * - range:    v is a number within bounds.
 * Soundness: if the predicate does not hold, the conjunct is not true, so the rule is not true
 * (CEL's `&&` is true only when every operand is true; an error or a non-bool never is).
 */
export type IndexablePredicate =
  | {
      readonly root: AttributeRoot;
      readonly path: readonly string[];
      readonly kind: "eq" | "in" | "contains";
      readonly values: readonly IndexValue[];
      readonly source: string;
    }
  | {
      readonly root: AttributeRoot;
      readonly path: readonly string[];
      readonly kind: "range";
      readonly bounds: { readonly lower?: RangeBound; readonly upper?: RangeBound };
      readonly source: string;
    };

export interface ExtractedPredicates {
  readonly predicates: readonly IndexablePredicate[];
  /** Every top-level conjunct became a predicate (the rule is exactly their conjunction). */
  readonly complete: boolean;
}

let sharedEnv: Environment | undefined;

/**
 * The indexable conjuncts of a rule. Returns `{ predicates: [], complete: false }` for a source that
 * does not compile (the compiler reports it) or whose top level is not a conjunction of such forms.
 */
export function extractIndexablePredicates(source: string, env?: Environment): ExtractedPredicates {
  const parsed = parseAndCheck(env ?? (sharedEnv ??= createCelEnvironment()), source);
  if (!parsed.ok) return { predicates: [], complete: false };
  const conjuncts = flattenChain(parsed.ast, "&&");
  const predicates: IndexablePredicate[] = [];
  for (const c of conjuncts) {
    const p = predicateOf(c, source.slice(c.start, c.end));
    if (p !== undefined) predicates.push(p);
  }
  return { predicates, complete: predicates.length === conjuncts.length };
}

function predicateOf(node: CelNode, source: string): IndexablePredicate | undefined {
  const [l, r] = Array.isArray(node.args) ? (node.args as [CelNode, CelNode]) : [];
  switch (node.op) {
    case "==": {
      if (l === undefined || r === undefined) return undefined;
      const [pathNode, constNode] = attributePathOf(l) ? [l, r] : [r, l];
      const path = nonEmptyPath(pathNode);
      const value = constantOf(constNode);
      if (path === undefined || value === undefined) return undefined;
      return { ...path, kind: "eq", values: [value.value], source };
    }
    case "in": {
      if (l === undefined || r === undefined) return undefined;
      const path = nonEmptyPath(l);
      if (path !== undefined && r.op === "list") {
        const values = (r.args as CelNode[]).map(constantOf);
        if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
        return {
          ...path,
          kind: "in",
          values: values.map((v) => (v as { value: IndexValue }).value),
          source,
        };
      }
      const container = nonEmptyPath(r);
      const value = constantOf(l);
      if (container === undefined || value === undefined) return undefined;
      return { ...container, kind: "contains", values: [value.value], source };
    }
    case "||":
      return equalityUnion(node, source);
    case "<":
    case "<=":
    case ">":
    case ">=":
      return rangeOf(node.op, l, r, source);
    case "rcall":
      return existsEquality(node, source);
    default:
      return undefined;
  }
}

function nonEmptyPath(
  node: CelNode | undefined,
): { root: AttributeRoot; path: string[] } | undefined {
  const p = node === undefined ? undefined : attributePathOf(node);
  return p !== undefined && p.path.length > 0 ? p : undefined;
}

/** A literal the index can compare exactly: string, bool, null, or a number (ints within 2^53). */
function constantOf(node: CelNode | undefined): { value: IndexValue } | undefined {
  if (node === undefined) return undefined;
  if (node.op === "-_") {
    const inner = constantOf(node.args as CelNode);
    return inner && typeof inner.value === "number" ? { value: -inner.value } : undefined;
  }
  if (node.op !== "value") return undefined;
  const v = node.args;
  if (typeof v === "bigint")
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)
      ? { value: Number(v) }
      : undefined;
  if (typeof v === "number") return Number.isNaN(v) ? undefined : { value: v };
  if (typeof v === "string" || typeof v === "boolean" || v === null) return { value: v };
  return undefined;
}

/** `p == a || p == b || p in [c]` on one path: membership in the union. */
function equalityUnion(node: CelNode, source: string): IndexablePredicate | undefined {
  let target: { root: AttributeRoot; path: string[] } | undefined;
  const values: IndexValue[] = [];
  for (const part of flattenChain(node, "||")) {
    const p = predicateOf(part, source);
    if (p === undefined || (p.kind !== "eq" && p.kind !== "in")) return undefined;
    if (target && (target.root !== p.root || target.path.join("\u0000") !== p.path.join("\u0000")))
      return undefined;
    target ??= { root: p.root, path: [...p.path] };
    values.push(...p.values);
  }
  return target && { ...target, kind: "in", values, source };
}

const FLIPPED = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const;

function rangeOf(
  op: keyof typeof FLIPPED,
  l: CelNode | undefined,
  r: CelNode | undefined,
  source: string,
): IndexablePredicate | undefined {
  let path = nonEmptyPath(l);
  let bound = constantOf(r);
  let effective: keyof typeof FLIPPED = op;
  if (path === undefined) {
    path = nonEmptyPath(r);
    bound = constantOf(l);
    effective = FLIPPED[op];
  }
  if (path === undefined || bound === undefined || typeof bound.value !== "number")
    return undefined;
  const b: RangeBound = { value: bound.value, inclusive: effective === "<=" || effective === ">=" };
  const bounds = effective === "<" || effective === "<=" ? { upper: b } : { lower: b };
  return { ...path, kind: "range", bounds, source };
}

/** `path.exists(x, x == c)` (or `c == x`): the list at path contains c. */
function existsEquality(node: CelNode, source: string): IndexablePredicate | undefined {
  const [name, receiver, args] = node.args as [string, CelNode, CelNode[]];
  if (name !== "exists" || args.length !== 2) return undefined;
  const [variable, body] = args as [CelNode, CelNode];
  if (variable.op !== "id" || body.op !== "==") return undefined;
  const path = nonEmptyPath(receiver);
  const [a, b] = body.args as [CelNode, CelNode];
  const isVar = (n: CelNode) => n.op === "id" && n.args === variable.args;
  const constant = isVar(a) ? constantOf(b) : isVar(b) ? constantOf(a) : undefined;
  if (path === undefined || constant === undefined) return undefined;
  return { ...path, kind: "contains", values: [constant.value], source };
}

/**
 * The value an index compares for a predicate's path, with the compiled runtime's semantics (own
 * properties of JSON objects only); `found: false` when a key is missing or a step is not a map.
 */
export function attributeValue(
  input: FrameInput,
  root: AttributeRoot,
  path: readonly string[],
): { found: true; value: unknown } | { found: false } {
  let v: unknown = root === "profile" ? profileSource(input, path) : input.context;
  for (const key of path) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return { found: false };
    if (!Object.hasOwn(v, key)) return { found: false };
    v = (v as Record<string, unknown>)[key];
    if (v === undefined) return { found: false };
  }
  return { found: true, value: v };
}

/** Whether a predicate holds for a value (the reference semantics an index must be at least as permissive as). */
export function predicateHolds(
  p: IndexablePredicate,
  found: { found: true; value: unknown } | { found: false },
): boolean {
  if (!found.found) return false;
  const v = found.value;
  const same = (a: unknown, b: IndexValue) =>
    a === b || (typeof a === "bigint" && typeof b === "number" && Number(a) === b);
  switch (p.kind) {
    case "eq":
    case "in":
      return p.values.some((c) => same(v, c));
    case "contains":
      if (Array.isArray(v)) return p.values.some((c) => (v as unknown[]).some((el) => same(el, c)));
      if (typeof v === "object" && v !== null)
        return p.values.some((c) => Object.hasOwn(v, String(c)));
      return false;
    case "range": {
      const n = typeof v === "bigint" ? Number(v) : v;
      if (typeof n !== "number" || Number.isNaN(n)) return false;
      const { lower, upper } = p.bounds;
      if (lower && !(lower.inclusive ? n >= lower.value : n > lower.value)) return false;
      if (upper && !(upper.inclusive ? n <= upper.value : n < upper.value)) return false;
      return true;
    }
  }
}
