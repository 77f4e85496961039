import type { ApiIssue } from "../api/api-error.js";

/**
 * Where in an expression an issue points: the issue's `span` when the server sends it, else the
 * "(at start..end)" suffix the server puts in the message.
 */
export function issueSpan(issue: ApiIssue): { start: number; end: number } | undefined {
  if (issue.span) return issue.span;
  const match = /\(at (\d+)\.\.(\d+)\)/.exec(issue.message);
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]) };
}

/** The issue's message without the position suffix (the UI shows the position itself). */
export function issueText(issue: ApiIssue): string {
  return issue.message.replace(/\s*\(at \d+\.\.\d+\)$/, "");
}

export function isPathPrefix(prefix: (string | number)[], path: (string | number)[]): boolean {
  return prefix.every((part, i) => String(path[i]) === String(part));
}
