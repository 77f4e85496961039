// Invisible separators (U+2063) delimit compile-time regions in MJML's output. They are not
// whitespace for MJML, htmlnano or html-to-text, never occur in real templates (compile refuses
// them) and stop mjml-core from merging Outlook conditionals across region boundaries.
export const MARK = "\u2063";

/** Variant `count` (1..N items) or "F" (fallback) of slot `slot`. */
export function regionStart(slot: number, variant: number | "F"): string {
  return `${MARK}OKS ${slot} ${variant}${MARK}`;
}

export function regionEnd(slot: number, variant: number | "F"): string {
  return `${MARK}OKE ${slot} ${variant}${MARK}`;
}

export const REGION_PATTERN = /\u2063OKS (\d+) (\d+|F)\u2063([\s\S]*?)\u2063OKE \1 \2\u2063/g;
export const PREHEADER_MARK = `${MARK}OKPRE${MARK}`;
export const OPEN_PIXEL_MARK = `${MARK}OKPIX${MARK}`;
/** A run of consecutive regions of one slot collapses into this placeholder in the skeleton. */
export function slotPlaceholder(slot: number): string {
  return `${MARK}OKSLOT ${slot}${MARK}`;
}
export const MARKER_PATTERN = /\u2063(?:OKSLOT (\d+)|OKPRE|OKPIX)\u2063/g;
