import type { ApiIssue } from "../api/api-error.js";

export type IssuePath = readonly (string | number)[];

/** The server's issues that point exactly at `path` (e.g. ["caps", 0, "limit"]). */
export function issuesAt(issues: readonly ApiIssue[], path: IssuePath): ApiIssue[] {
  return issues.filter(
    (i) =>
      i.path.length === path.length && path.every((part, k) => String(i.path[k]) === String(part)),
  );
}

/** The issues no field of the form shows (listed in the page's error summary instead). */
export function issuesNotAt(issues: readonly ApiIssue[], shown: readonly IssuePath[]): ApiIssue[] {
  return issues.filter((i) => !shown.some((p) => issuesAt([i], p).length > 0));
}

/** "2026-05-01T10:00:00.000Z" → the value of an <input type="datetime-local"> in the browser's zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of a datetime-local input → ISO (undefined when empty; the raw text when unparsable, so the server names it). */
export function fromLocalInput(local: string): string | undefined {
  if (local === "") return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

/** The value at an issue path inside a JSON-like object (undefined when the path leads nowhere). */
export function valueAtPath(root: unknown, path: IssuePath): unknown {
  let node = root;
  for (const part of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[String(part)];
  }
  return node;
}

/**
 * The issues of the last refused save that still apply: a field the user has changed since loses its
 * message (the next save checks it again).
 */
export function issuesStillApplying(
  issues: readonly ApiIssue[],
  sent: unknown,
  current: unknown,
): ApiIssue[] {
  return issues.filter(
    (i) =>
      JSON.stringify(valueAtPath(sent, i.path)) === JSON.stringify(valueAtPath(current, i.path)),
  );
}
