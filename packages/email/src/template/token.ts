import { TemplateCompileError } from "./template-compile-error.js";

/**
 * The template language is deliberately tiny: `{{ path }}` with optional filters.
 *
 *     {{ profile.firstName | default: "there" }}     text, escaped for where it lands
 *     {{ item.content | html }}                      offer HTML, sanitized, HTML slots only
 *
 * Whitespace inside the braces is optional (MJML 5 may re-space tokens). No expressions, no
 * logic: decisions belong to the engine, structure to MJML.
 */
export interface TokenExpression {
  /** The path as written, e.g. ["profile", "address", "city"]. */
  path: string[];
  html: boolean;
  fallback: string | undefined;
  /** The source text between the braces, for messages. */
  source: string;
}

export const TOKEN_PATTERN = /\{\{([\s\S]*?)\}\}/g;
const SEGMENT = /^(?:[A-Za-z_$][A-Za-z0-9_-]*|\d+)$/;
const DEFAULT_FILTER =
  /^default\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|&quot;(.*?)&quot;|([^"'|]*?))\s*$/;

export function parseToken(inner: string): TokenExpression {
  const source = inner.trim();
  const [pathText = "", ...filters] = splitFilters(source);
  const path = pathText.trim().split(".");
  if (pathText.trim() === "" || !path.every((s) => SEGMENT.test(s))) {
    throw new TemplateCompileError(
      `bad token {{ ${source} }}: expected a dotted path like profile.firstName`,
    );
  }
  let html = false;
  let fallback: string | undefined;
  for (const raw of filters) {
    const filter = raw.trim();
    if (filter === "html") html = true;
    else {
      const match = DEFAULT_FILTER.exec(filter);
      if (!match)
        throw new TemplateCompileError(
          `bad token {{ ${source} }}: unknown filter "${filter}" (known: html, default: "text")`,
        );
      const text = match[1] ?? match[2] ?? match[3] ?? match[4] ?? "";
      fallback = text.replace(/\\(.)/g, "$1");
    }
  }
  return { path, html, fallback, source };
}

/** Split on `|` outside quotes. */
function splitFilters(source: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === "\\") {
        current += c + (source[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "|") {
      parts.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}
