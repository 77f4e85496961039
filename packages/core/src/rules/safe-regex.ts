import { RE2JS } from "re2js";

/**
 * `matches` runs on RE2 (linear time, no backtracking) in both runtimes, so no pattern from a rule
 * or from profile data can hang the process, and both runtimes accept exactly the same syntax.
 */
const MAX_CACHED_PATTERNS = 512;
const cache = new Map<string, RE2JS | Error>();

function compiled(pattern: string): RE2JS {
  let entry = cache.get(pattern);
  if (entry === undefined) {
    try {
      entry = RE2JS.compile(pattern);
    } catch (error) {
      entry = new Error(
        `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (cache.size >= MAX_CACHED_PATTERNS) cache.clear();
    cache.set(pattern, entry);
  }
  if (entry instanceof Error) throw entry;
  return entry;
}

/** CEL `text.matches(pattern)`: true when the RE2 pattern matches anywhere in text (not anchored). */
export function re2Matches(text: string, pattern: string): boolean {
  return compiled(pattern).matcher(text).find();
}

/** Compile-time validation of a literal pattern; undefined when valid. */
export function re2Problem(pattern: string): string | undefined {
  try {
    compiled(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
