import fc from "fast-check";

/** Pieces that break naive truncation: multi-code-point clusters, escapes, RTL, 4-byte chars. */
export const TRICKY_PIECES = [
  "👍🏽", // skin-tone modifier
  "👩🏾‍💻", // ZWJ with modifier
  "👨‍👩‍👧‍👦", // family ZWJ sequence
  "🏳️‍🌈", // flag ZWJ with variation selector
  "🇫🇷", // regional-indicator flag
  "🇯🇵🇧🇷", // two flags back to back
  "é", // e + combining acute
  "ạ̈̃", // stacked combining marks
  "क्षि", // Devanagari conjunct
  "ก้ำ", // Thai with marks
  "مرحبا بالعالم", // Arabic (RTL)
  "שָׁלוֹם", // Hebrew with points (RTL)
  "\u202Eevil\u202C", // bidi override
  "𝒳𝔸𠀋", // 4-byte characters
  "😀",
  '"quoted"',
  "back\\slash",
  "line\nbreak\r\n",
  "\t\u0001\u001f", // control characters JSON escapes as \uXXXX
  "\ud800", // lone surrogate: JSON.stringify writes \ud800 (6 bytes)
  " ",
  "   ",
  "\u200d", // stray ZWJ
  "Prix spécial ",
  "ascii words ",
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
);

/** Random text from 0 to ~10 KB of UTF-8, mostly long enough to force truncation. */
export function unicodeText(maxPieces = 700): fc.Arbitrary<string> {
  // size "max": lengths spread over the whole range, so most bodies overflow the provider limit.
  return fc.array(piece, { maxLength: maxPieces, size: "max" }).map((parts) => parts.join(""));
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Grapheme clusters of `text` keyed by end index, found by walking it from the start (the reference). */
export function graphemesByEnd(text: string): Map<number, string> {
  const clusters = new Map<number, string>([[0, ""]]);
  for (const s of segmenter.segment(text)) clusters.set(s.index + s.segment.length, s.segment);
  return clusters;
}

/**
 * Why `output` is not a correct truncation of `input`, or undefined: it must be the input, "", or
 * a prefix ending on a grapheme boundary, without trailing whitespace, followed by "…".
 */
export function truncationProblem(input: string, output: string): string | undefined {
  if (output === input || output === "") return undefined;
  if (!output.endsWith("…")) return "cut text does not end with …";
  const kept = output.slice(0, -1);
  if (!input.startsWith(kept)) return "cut text is not a prefix of the input";
  const last = graphemesByEnd(input).get(kept.length);
  if (last === undefined) return `cut at ${kept.length} splits a grapheme`;
  if (kept === "") return "… alone instead of an empty field";
  if (/^\s+$/u.test(last)) return "trailing whitespace kept before …";
  return undefined;
}
