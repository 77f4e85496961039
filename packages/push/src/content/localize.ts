import type { PushContent, PushText } from "./push-content.js";
import { textDirection } from "./text-direction.js";

export interface LocalizedText {
  text: PushText;
  /** BCP 47 tag of the chosen text, when known. */
  lang?: string;
  /** Direction of `lang`. */
  dir?: "ltr" | "rtl";
}

/** Per content (itself cached per representation), the choice for each recipient locale seen. */
const chosen = new WeakMap<PushContent, Map<string | undefined, LocalizedText>>();

/**
 * Chooses the text for a recipient locale. Lookup (case-insensitive): the exact tag, then the
 * tag with trailing subtags removed (zh-Hant-TW → zh-Hant → zh), then any entry of the same
 * language (fr-CA finds fr-FR; first in sorted order, so the choice is stable), then the base
 * text. Fields missing from a localized entry fall back to the base text field by field.
 * The result is shared between calls: do not mutate it.
 */
export function localize(content: PushContent, recipientLocale: string | undefined): LocalizedText {
  let byLocale = chosen.get(content);
  if (byLocale === undefined)
    chosen.set(content, (byLocale = new Map<string | undefined, LocalizedText>()));
  let result = byLocale.get(recipientLocale);
  if (result === undefined) {
    result = choose(content, recipientLocale);
    if (result.lang !== undefined) result.dir = textDirection(result.lang);
    // Bounded: a handful of locales per offer in practice; a flood of odd tags must not grow memory.
    if (byLocale.size < 256) byLocale.set(recipientLocale, result);
  }
  return result;
}

function choose(content: PushContent, recipientLocale: string | undefined): LocalizedText {
  const tag =
    recipientLocale === undefined
      ? undefined
      : findLocale(Object.keys(content.locales), recipientLocale);
  const base: LocalizedText = { text: content.text };
  if (content.language !== undefined) base.lang = content.language;
  if (tag === undefined) return base;
  const localized = content.locales[tag] ?? {};
  const text: PushText = { body: localized.body ?? content.text.body };
  const title = localized.title ?? content.text.title;
  if (title !== undefined) text.title = title;
  const subtitle = localized.subtitle ?? content.text.subtitle;
  if (subtitle !== undefined) text.subtitle = subtitle;
  return { text, lang: tag };
}

export function findLocale(available: readonly string[], wanted: string): string | undefined {
  if (available.length === 0) return undefined;
  let candidate = normalizeTag(wanted);
  for (;;) {
    for (const tag of available) if (normalizeTag(tag) === candidate) return tag;
    const dash = candidate.lastIndexOf("-");
    if (dash < 0) break;
    candidate = candidate.slice(0, dash);
  }
  // Same language, any region or script: the smallest tag, so the choice does not depend on key order.
  let best: string | undefined;
  for (const tag of available) {
    const normalized = normalizeTag(tag);
    const sameLanguage = normalized === candidate || normalized.startsWith(`${candidate}-`);
    if (sameLanguage && (best === undefined || tag < best)) best = tag;
  }
  return best;
}

function normalizeTag(tag: string): string {
  return tag.toLowerCase().replaceAll("_", "-");
}
