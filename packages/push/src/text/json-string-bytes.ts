/**
 * Byte accounting for text inside JSON string literals, mirroring JSON.stringify exactly:
 * `"` and `\` and \b \f \n \r \t cost 2 bytes, other controls and lone surrogates 6 (\uXXXX),
 * surrogate pairs 4, everything else its UTF-8 length. One flat loop each: these run over every
 * character of every truncated field, so no per-character calls.
 */

/** Bytes `text` occupies inside a JSON string literal, quotes excluded. */
export function jsonStringBytes(text: string): number {
  return jsonPrefix(text, Number.MAX_SAFE_INTEGER).bytes;
}

/**
 * The longest prefix text[0, end) costing at most `budget` JSON bytes, never ending inside a
 * surrogate pair, and what it costs.
 */
export function jsonPrefix(text: string, budget: number): { end: number; bytes: number } {
  const length = text.length;
  let bytes = 0;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    let cost: number;
    let width = 1;
    if (c < 0x80) {
      cost =
        c >= 0x20
          ? c === 0x22 || c === 0x5c
            ? 2
            : 1
          : c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d
            ? 2
            : 6;
    } else if (c < 0x800) {
      cost = 2;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        cost = 4;
        width = 2;
      } else cost = 6;
    } else cost = c >= 0xdc00 && c <= 0xdfff ? 6 : 3;
    if (bytes + cost > budget) break;
    bytes += cost;
    i += width;
  }
  return { end: i, bytes };
}

/** The end index of the longest prefix within `budget` (see jsonPrefix). */
export function jsonPrefixEnd(text: string, budget: number): number {
  return jsonPrefix(text, budget).end;
}

/** Width in code units of the character at `i` (2 for a well-formed surrogate pair). */
export function charWidth(text: string, i: number): 1 | 2 {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}
