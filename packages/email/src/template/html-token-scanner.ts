import { TemplateCompileError } from "./template-compile-error.js";

/** Where a `{{ token }}` sits in compiled HTML; decides how its value is escaped. */
export type TokenContext =
  | { kind: "text" }
  | { kind: "attribute"; tag: string; name: string; valueStart: number; valueEnd: number }
  | { kind: "comment" };

export interface TokenOccurrence {
  start: number;
  end: number;
  /** Text between the braces. */
  inner: string;
  context: TokenContext;
}

const RAW_TEXT_ELEMENTS = new Set(["style", "script", "textarea", "xmp", "noembed", "noframes"]);

/**
 * Finds every `{{ … }}` in MJML's HTML output with its context. MJML output is machine-written
 * and well formed, so a small scanner suffices; Outlook conditional comments
 * (`<!--[if mso]> … <![endif]-->`) are transparent because Outlook parses their content as HTML.
 * Tokens where no escaping can make a value safe (CSS, script, tag or attribute names, unquoted
 * attribute values) fail compilation.
 */
export function scanHtmlTokens(html: string): TokenOccurrence[] {
  const found: TokenOccurrence[] = [];
  const n = html.length;
  let i = 0;

  const scanRange = (
    start: number,
    end: number,
    context: (at: number) => TokenContext | string,
  ) => {
    let at = html.indexOf("{{", start);
    while (at !== -1 && at < end) {
      const close = html.indexOf("}}", at + 2);
      if (close === -1 || close + 2 > end)
        throw fail(html, at, "token is not closed before the surrounding markup ends");
      const where = context(at);
      if (typeof where === "string") throw fail(html, at, where);
      found.push({ start: at, end: close + 2, inner: html.slice(at + 2, close), context: where });
      at = html.indexOf("{{", close + 2);
    }
  };

  while (i < n) {
    if (html.startsWith("<!--", i)) {
      if (html.startsWith("<!--[if", i)) {
        i = indexAfter(html, "]>", i);
        continue;
      }
      if (html.startsWith("<!-->", i)) {
        i += 5;
        continue;
      }
      if (html.startsWith("<!--<![endif]-->", i)) {
        i += 16;
        continue;
      }
      const end = html.indexOf("-->", i + 4);
      const stop = end === -1 ? n : end;
      scanRange(i, stop, () => ({ kind: "comment" }));
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (html.startsWith("<![endif]-->", i)) {
      i += 12;
      continue;
    }
    if (html[i] === "<" && html[i + 1] === "!") {
      const end = indexAfter(html, ">", i);
      scanRange(i, end, () => "token inside a declaration");
      i = end;
      continue;
    }
    if (html[i] === "<" && /[A-Za-z/]/.test(html[i + 1] ?? "")) {
      i = scanTag(html, i, scanRange, (name, contentStart) => {
        if (!RAW_TEXT_ELEMENTS.has(name)) return contentStart;
        const close = html.toLowerCase().indexOf(`</${name}`, contentStart);
        const end = close === -1 ? n : close;
        scanRange(contentStart, end, () =>
          name === "style"
            ? "token inside CSS: put per-recipient values in text or URL attributes, use mj-class for styling"
            : `token inside <${name}>`,
        );
        return end;
      });
      continue;
    }
    const next = html.indexOf("<", i + 1);
    const end = next === -1 ? n : next;
    scanRange(i, end, () => ({ kind: "text" }));
    i = end;
  }
  return found;
}

type RangeScanner = (
  start: number,
  end: number,
  context: (at: number) => TokenContext | string,
) => void;

/** Scans one tag from `<`; returns the index after it (after raw-text content for style/script). */
function scanTag(
  html: string,
  start: number,
  scanRange: RangeScanner,
  afterOpen: (name: string, contentStart: number) => number,
): number {
  const n = html.length;
  let i = start + 1;
  const closing = html[i] === "/";
  if (closing) i++;
  const nameStart = i;
  while (i < n && !/[\s/>]/.test(html[i]!)) i++;
  const tag = html.slice(nameStart, i).toLowerCase();
  scanRange(nameStart, i, () => "token inside a tag name");
  for (;;) {
    while (i < n && /\s/.test(html[i]!)) i++;
    if (i >= n) return n;
    if (html[i] === ">") {
      i++;
      break;
    }
    if (html[i] === "/" && html[i + 1] === ">") {
      i += 2;
      return i;
    }
    const attrStart = i;
    while (i < n && !/[\s=>]/.test(html[i]!) && !(html[i] === "/" && html[i + 1] === ">")) i++;
    const name = html.slice(attrStart, i).toLowerCase();
    scanRange(attrStart, i, () => "token inside an attribute name");
    while (i < n && /\s/.test(html[i]!)) i++;
    if (html[i] !== "=") continue;
    i++;
    while (i < n && /\s/.test(html[i]!)) i++;
    const quote = html[i];
    if (quote === '"' || quote === "'") {
      const valueStart = i + 1;
      const close = html.indexOf(quote, valueStart);
      const valueEnd = close === -1 ? n : close;
      scanRange(valueStart, valueEnd, () => attributeContext(tag, name, valueStart, valueEnd));
      i = valueEnd + 1;
    } else {
      const valueStart = i;
      while (i < n && !/[\s>]/.test(html[i]!)) i++;
      scanRange(valueStart, i, () => "token inside an unquoted attribute value");
    }
  }
  return closing ? i : afterOpen(tag, i);
}

function attributeContext(
  tag: string,
  name: string,
  valueStart: number,
  valueEnd: number,
): TokenContext | string {
  if (name === "style")
    return "token inside a style attribute: CSS values cannot be escaped safely; use mj-class themes";
  if (name.startsWith("on")) return `token inside the event handler attribute ${name}`;
  if (name === "srcset") return "token inside srcset";
  return { kind: "attribute", tag, name, valueStart, valueEnd };
}

function indexAfter(html: string, needle: string, from: number): number {
  const at = html.indexOf(needle, from);
  return at === -1 ? html.length : at + needle.length;
}

function fail(html: string, at: number, message: string): TemplateCompileError {
  const close = html.indexOf("}}", at);
  const token = html.slice(at, close === -1 ? at + 40 : close + 2);
  return new TemplateCompileError(`${message}: ${token}`, [{ path: ["html", at], message }]);
}
