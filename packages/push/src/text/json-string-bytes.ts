import { isHighSurrogate, isLowSurrogate } from "./utf8-byte-length.js";

/**
 * Bytes one UTF-16 code unit (or surrogate pair) at `i` costs inside a JSON.stringify'd string,
 * quotes excluded. Mirrors JSON.stringify exactly: `"` and `\` and \b \f \n \r \t take 2 bytes,
 * other controls and lone surrogates take 6 (\uXXXX), pairs 4, everything else its UTF-8 length.
 */
export function jsonCharCost(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    if (c === 0x22 || c === 0x5c) return 2;
    if (c >= 0x20) return 1;
    return c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 2 : 6;
  }
  if (c < 0x800) return 2;
  if (isHighSurrogate(c)) return i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 4 : 6;
  if (isLowSurrogate(c)) return 6;
  return 3;
}

/** Width in code units of the character at `i` (2 for a well-formed surrogate pair). */
export function charWidth(text: string, i: number): 1 | 2 {
  return isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
}

/** Bytes `text` occupies inside a JSON string literal, quotes excluded. */
export function jsonStringBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += charWidth(text, i)) bytes += jsonCharCost(text, i);
  return bytes;
}

/**
 * The largest code-unit index `end` such that text[0, end) costs at most `budget` JSON bytes,
 * never inside a surrogate pair.
 */
export function jsonPrefixEnd(text: string, budget: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const cost = jsonCharCost(text, i);
    if (bytes + cost > budget) break;
    bytes += cost;
    i += charWidth(text, i);
  }
  return i;
}
