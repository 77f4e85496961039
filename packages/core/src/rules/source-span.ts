import { serialize } from "@marcbachmann/cel-js/serialize";
import type { CelNode } from "./cel-ast.js";

/**
 * The source text of a sub-expression. cel-js spans exclude enclosing parentheses, so a node whose
 * first or last operand was parenthesized (`(a + b) * c`) has an unbalanced span; it is widened
 * over the missing `(` / `)`. If that still is not balanced, the AST is serialized instead.
 */
export function sourceOf(source: string, node: CelNode): string {
  let start = node.start;
  let end = node.end;
  const { unopened, unclosed } = parenBalance(source.slice(start, end));
  let needOpen = unopened;
  while (needOpen > 0 && start > 0) {
    const ch = source[start - 1];
    if (ch === "(") needOpen--;
    else if (ch !== " " && ch !== "\t" && ch !== "\n" && ch !== "\r") break;
    start--;
  }
  let needClose = unclosed;
  while (needClose > 0 && end < source.length) {
    const ch = source[end];
    if (ch === ")") needClose--;
    else if (ch !== " " && ch !== "\t" && ch !== "\n" && ch !== "\r") break;
    end++;
  }
  if (needOpen === 0 && needClose === 0) return source.slice(start, end).trim();
  return serialize(node as never);
}

/** Parentheses closed without an opener / opened without a closer, outside string literals. */
function parenBalance(text: string): { unopened: number; unclosed: number } {
  let depth = 0;
  let unopened = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const triple = text.startsWith(ch.repeat(3), i);
      const close = triple ? ch.repeat(3) : ch;
      i += close.length;
      while (i < text.length && !text.startsWith(close, i)) i += text[i] === "\\" ? 2 : 1;
      i += close.length - 1;
    } else if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === "(") depth++;
    else if (ch === ")") {
      if (depth > 0) depth--;
      else unopened++;
    }
  }
  return { unopened, unclosed: depth };
}
