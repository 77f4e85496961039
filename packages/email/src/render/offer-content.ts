import { compile } from "html-to-text";
import sanitizeHtml from "sanitize-html";

/**
 * Offer HTML is library content written by marketers, never trusted: it is sanitized with an
 * allowlist before it reaches an HTML slot. Anchors are cut out of the result so the renderer can
 * turn every offer link into a signed click redirect. Results are cached by content — a library
 * has few distinct contents and a campaign has many recipients.
 */
export type OfferFragmentPart = string | { href: string };

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "small",
    "span",
    "a",
    "ul",
    "ol",
    "li",
    "img",
    "blockquote",
    "hr",
    "sup",
    "sub",
  ],
  allowedAttributes: {
    a: ["href", "title"],
    img: ["src", "alt", "width", "height"],
    "*": ["title"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["https", "http"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Contents of these tags are dropped entirely, not shown as text.
  nonTextTags: [
    "script",
    "style",
    "textarea",
    "option",
    "noscript",
    "title",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
  ],
};

const ANCHOR_HREF = /<a\b[^>]*?\shref="([^"]*)"/g;
const CACHE_LIMIT = 5_000;
const fragments = new Map<string, OfferFragmentPart[]>();
const texts = new Map<string, string>();

export function sanitizeOfferHtml(html: string): OfferFragmentPart[] {
  let parts = fragments.get(html);
  if (parts) return parts;
  const clean = sanitizeHtml(html, SANITIZE_OPTIONS);
  parts = [];
  let at = 0;
  for (const match of clean.matchAll(ANCHOR_HREF)) {
    const valueStart = match.index + match[0].length - match[1]!.length - 1;
    parts.push(clean.slice(at, valueStart));
    parts.push({ href: decodeHref(match[1]!) });
    at = valueStart + match[1]!.length;
  }
  parts.push(clean.slice(at));
  remember(fragments, html, parts);
  return parts;
}

const toText = compile({
  wordwrap: false,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "h4", options: { uppercase: false } },
  ],
});

/** Offer HTML for the text part: sanitized first (nothing hidden survives), then reduced to text. */
export function offerHtmlToText(html: string): string {
  let text = texts.get(html);
  if (text !== undefined) return text;
  text = toText(sanitizeHtml(html, SANITIZE_OPTIONS)).trim();
  remember(texts, html, text);
  return text;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function decodeHref(href: string): string {
  return href
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
