/** Scripts written right to left (ISO 15924) and languages whose default script is one of them. */
const RTL_SCRIPTS = new Set([
  "arab",
  "hebr",
  "thaa",
  "syrc",
  "nkoo",
  "adlm",
  "rohg",
  "mand",
  "samr",
]);
const RTL_LANGUAGES = new Set([
  "ar",
  "he",
  "iw",
  "fa",
  "ur",
  "ps",
  "yi",
  "dv",
  "ckb",
  "sd",
  "ug",
  "syr",
  "ku-arab",
]);

/**
 * Text direction for a BCP 47 tag. A small table instead of Intl.Locale#getTextInfo, which not
 * every runtime has yet; an explicit script subtag wins (az-Arab is rtl, ku-Latn is ltr).
 */
export function textDirection(tag: string): "ltr" | "rtl" {
  const parts = tag.toLowerCase().split(/[-_]/);
  const script = parts.find((p, i) => i > 0 && p.length === 4);
  if (script !== undefined) return RTL_SCRIPTS.has(script) ? "rtl" : "ltr";
  return RTL_LANGUAGES.has(parts[0] ?? "") ? "rtl" : "ltr";
}
