const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const HTML_SPECIAL = /[&<>"']/g;
const HTML_SPECIAL_TEST = /[&<>"']/;

/** Escapes `& < > " '`: safe in element text and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return HTML_SPECIAL_TEST.test(text) ? text.replace(HTML_SPECIAL, (c) => HTML_ESCAPES[c]!) : text;
}

const HTML_SPECIAL_OR_WIDE = /[&<>"'\u0100-\uffff]/;
const HTML_SPECIAL_OR_WIDE_ALL = /[&<>"']|[\ud800-\udbff][\udc00-\udfff]|[\u0100-\uffff]/g;
const WIDE = /[\u0100-\uffff]/;
const WIDE_ALL = /[\ud800-\udbff][\udc00-\udfff]|[\u0100-\uffff]/g;

function reference(c: string): string {
  return HTML_ESCAPES[c] ?? `&#${c.codePointAt(0)!};`;
}

/**
 * escapeHtml for the HTML part of a message, which also writes every character above U+00FF as a
 * numeric character reference (`€` → `&#8364;`, one per code point): the same HTML once parsed, but
 * the value stays a one-byte string, so one such character does not make the whole 30 KB message a
 * two-byte string to build, copy and encode. Not for raw-text elements (style, script): values never
 * go there.
 */
export function escapeHtmlNarrow(text: string): string {
  if (!HTML_SPECIAL_OR_WIDE.test(text)) return text;
  const escaped = text.replace(HTML_SPECIAL_OR_WIDE_ALL, reference);
  // replace() keeps the two-byte representation of a two-byte input, even with nothing wide left.
  return WIDE.test(text) ? oneByte(escaped) : escaped;
}

/** Already-safe HTML (sanitized offer content) with characters above U+00FF as character references. */
export function narrowHtml(html: string): string {
  return WIDE.test(html) ? oneByte(html.replace(WIDE_ALL, reference)) : html;
}

/**
 * A flat one-byte copy of a string without characters above U+00FF (V8 keeps strings derived from
 * two-byte ones two-byte, and a single two-byte piece makes a whole joined message two-byte).
 */
export function oneByte(text: string): string {
  return Buffer.from(text, "latin1").toString("latin1");
}

// Whitespace or control characters inside a URL are refused outright: browsers strip some of them
// while parsing (`java\tscript:`), so what we checked would not be what they follow.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const URL_UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/;
// "//" then a host (no userinfo: "https://shop.example@evil.example" reads as shop but goes to evil).
const HTTP_AUTHORITY =
  /^\/\/[A-Za-z0-9[\]\u00a1-\uffff-][A-Za-z0-9.:[\]\u00a1-\uffff-]*(?:[/?#]|$)/;

/**
 * The URL if it is absolute with an allowed scheme, else undefined. Links may be http, https or
 * mailto; resources (images) only http or https. javascript:, data:, vbscript:, relative and
 * protocol-relative URLs are all refused.
 */
export function safeUrl(value: string, use: "link" | "resource"): string | undefined {
  const url = value.trim();
  if (url === "" || URL_UNSAFE_CHARACTERS.test(url)) return undefined;
  const colon = url.indexOf(":");
  if (colon < 1) return undefined;
  const scheme = url.slice(0, colon).toLowerCase();
  if (scheme === "http" || scheme === "https") {
    // An authority must follow: "//" and a host character (no "https:evil", no empty host).
    if (!HTTP_AUTHORITY.test(url.slice(colon + 1))) return undefined;
  } else if (!(scheme === "mailto" && use === "link" && colon + 1 < url.length)) return undefined;
  return url;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HEADER_UNCLEAN = /[\u0000-\u001f\u007f]|\s\s|^\s|\s$/;

/** Text for a header line: no CR/LF or other control characters (no header injection), single spaces. */
export function headerText(text: string): string {
  // Most subjects and preheaders are already clean: one scan instead of three passes.
  if (!HEADER_UNCLEAN.test(text)) return text;
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f]+/g, " ")
      .replace(/\s{2,}/g, " ")
      .trim()
  );
}

/** Plain-text part values: keep line breaks and tabs, drop other control characters. */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}
