import {
  OfferkitError,
  formatPath,
  validateLibrary,
  type Issue,
  type LibraryBundle,
} from "@offerkit/core";
import type { LibraryKind, LibraryObjectOf, LibraryValidation } from "../types.js";
import { LIBRARY_KINDS, isObject, kindSpec } from "./library-kinds.js";

/** Schema, cross references, semantics and rules of a whole bundle: core's validateLibrary. */
export function validateBundle(bundle: unknown): LibraryValidation {
  return validateLibrary(bundle);
}

/** The object a single write is about: its issues are reported relative to the object itself. */
export interface WriteFocus {
  kind: LibraryKind;
  id: string;
}

/**
 * Refuses a write whose result would not validate. Only problems the write introduces count: a
 * library that was already invalid (say, a core upgrade made a rule stricter) must stay editable,
 * or nobody could fix it.
 */
export function assertWriteKeepsLibraryValid(
  before: LibraryBundle,
  after: LibraryBundle,
  focus: WriteFocus,
): void {
  const afterResult = validateLibrary(after);
  if (afterResult.ok) return;
  const beforeResult = validateLibrary(before);
  const known = new Set(
    beforeResult.ok ? [] : beforeResult.issues.map((i) => issueKey(keyIssue(before, i))),
  );
  const introduced = afterResult.issues
    .map((i) => keyIssue(after, i))
    .filter((i) => !known.has(issueKey(i)));
  if (introduced.length === 0) return;
  throw invalidLibrary(introduced.map((i) => relativeTo(focus, i)));
}

/** A library assembled by the store must fully validate; issue paths name objects by id ([kind, id, …]). */
export function assertLibraryValid(library: LibraryBundle): void {
  const result = validateLibrary(library);
  if (!result.ok) throw invalidLibrary(result.issues.map((i) => keyIssue(library, i)));
}

/** For imports: the whole bundle must validate; issues keep their bundle paths. */
export function assertBundleValid(bundle: unknown): LibraryBundle {
  const result = validateLibrary(bundle);
  if (!result.ok) throw invalidLibrary(result.issues);
  return result.library;
}

/**
 * For merge imports, whose bundle alone need not be a whole library: shape and schema of every
 * object (issues at [kind, index, …]); cross references are checked on the merged result.
 */
export function parseBundleObjects(bundle: unknown): { [K in LibraryKind]: LibraryObjectOf[K][] } {
  const issues: Issue[] = [];
  const out = {
    offers: [],
    placements: [],
    collections: [],
    rules: [],
    rankingFormulas: [],
    decisions: [],
  } as {
    [K in LibraryKind]: LibraryObjectOf[K][];
  };
  if (!isObject(bundle))
    throw invalidLibrary([{ path: [], message: "a library bundle must be an object" }]);
  for (const key of Object.keys(bundle)) {
    if (key !== "version" && !isKind(key))
      issues.push({ path: [key], message: `unknown field "${key}"` });
  }
  for (const kind of LIBRARY_KINDS) {
    const list = bundle[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push({ path: [kind], message: "must be a list" });
      continue;
    }
    const spec = kindSpec(kind);
    list.forEach((item: unknown, index) => {
      const result = spec.schemaFor(item).safeParse(item);
      if (result.success) (out[kind] as unknown[]).push(result.data);
      else
        for (const issue of OfferkitError.fromZod(result.error, "INVALID_LIBRARY", [kind, index])
          .issues)
          issues.push(issue);
    });
  }
  if (issues.length > 0) throw invalidLibrary(issues);
  return out;
}

function invalidLibrary(issues: Issue[]): OfferkitError {
  const first = issues[0];
  const summary = first
    ? `${formatPath(first.path)}: ${first.message}`
    : "the library does not validate";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return new OfferkitError("INVALID_LIBRARY", `${summary}${more}`, { issues });
}

/** [kind, index, …rest] → [kind, id, …rest]: indexes shift between two bundles, ids do not. */
function keyIssue(bundle: LibraryBundle, issue: Issue): Issue {
  const [kind, index, ...rest] = issue.path;
  if (typeof kind !== "string" || typeof index !== "number" || !isKind(kind)) return issue;
  const item = bundle[kind][index];
  return item ? { ...issue, path: [kind, item.id, ...rest] } : issue;
}

function relativeTo(focus: WriteFocus, issue: Issue): Issue {
  const [kind, id, ...rest] = issue.path;
  return kind === focus.kind && id === focus.id ? { ...issue, path: rest } : issue;
}

function issueKey(issue: Issue): string {
  return JSON.stringify([issue.path, issue.message]);
}

function isKind(value: string): value is LibraryKind {
  return (LIBRARY_KINDS as readonly string[]).includes(value);
}
