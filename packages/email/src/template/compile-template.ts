import { createHash } from "node:crypto";
import mjml2html from "mjml";
import type { MJMLParsingOptions } from "mjml-core";
import type {
  CompiledSlot,
  CompiledTemplate,
  CompiledVariant,
  Escaping,
  TemplatePart,
  ValuePart,
} from "./compiled-template.js";
import { decodeEntities } from "./html-entities.js";
import { scanHtmlTokens, type TokenContext } from "./html-token-scanner.js";
import { createMjOfferPreset, type MjmlPreset } from "./mj-offer-component.js";
import { MJML_VERSION } from "./mjml-version.js";
import type { OfferSlotDeclaration } from "./offer-slot.js";
import {
  MARKER_PATTERN,
  OPEN_PIXEL_MARK,
  PREHEADER_MARK,
  REGION_PATTERN,
  slotPlaceholder,
} from "./region-markers.js";
import { TemplateCompileError } from "./template-compile-error.js";
import { htmlToPlainText } from "./text-conversion.js";
import { parseToken, TOKEN_PATTERN, type TokenExpression } from "./token.js";
import { resolveRef, type RefScope } from "./value-refs.js";

export interface CompileTemplateOptions {
  id?: string;
  version?: string;
  /** Subject line template (tokens allowed); defaults to the `<mj-title>`. */
  subject?: string;
  /** Web fonts MJML may link; default none, so no remote font is fetched unless asked for. */
  fonts?: Record<string, string>;
  /** Folder `mj-include` may read from; without it includes are ignored (tenant templates, path traversal). */
  includePath?: string;
}

/** Gmail clips HTML parts above ~102 KB; warn well before. */
export const HTML_WARN_BYTES = 90 * 1024;

type Mjml5Options = MJMLParsingOptions & { presets?: MjmlPreset[]; includePath?: string };

// mjml-core's preview helper (5.x): the hidden preheader div at the top of <body>.
const PREVIEW_OPEN =
  '<div style="display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;">';
const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "background",
  "action",
  "formaction",
  "poster",
  "cite",
  "longdesc",
  "usemap",
  "xlink:href",
  "data",
  "url",
]);
const RESERVED_CHARACTERS = /[\u2063\ue000\ue001]/;
const TEXT_PLACEHOLDER = /\ue000(\d+)\ue001/g;
const IMAGE_ONLY_LINK = /(<a\b[^>]*>)\s*<img\b(?:[^>]*?\salt="([^"]*)")?[^>]*>\s*<\/a>/gi;

/**
 * Compile an MJML template once per version: MJML runs here (strictly validated, with every
 * `<mj-offer>` variant pre-rendered), never during a send. Any problem — invalid MJML, a bad
 * token, a token where escaping cannot make it safe — throws TemplateCompileError now.
 */
export async function compileTemplate(
  source: string,
  options: CompileTemplateOptions = {},
): Promise<CompiledTemplate> {
  if (RESERVED_CHARACTERS.test(source))
    throw new TemplateCompileError(
      "template contains reserved characters (U+2063, U+E000, U+E001)",
    );
  const normalized = singleQuoteTokenStrings(source);
  const sourceTokens = tokensOfSource(normalized);
  const declarations: OfferSlotDeclaration[] = [];
  const output = await renderMjml(normalized, options, declarations);
  const warnings: string[] = [];

  const { html: withMarks, preheaderSource } = extractPreheader(output);
  const regions = new Map<number, Map<string, string>>();
  const skeletonHtml = withMarks.replace(
    REGION_PATTERN,
    (_whole, slotText: string, variant: string, content: string) => {
      const slot = Number(slotText);
      const seen = regions.get(slot);
      if (seen) {
        seen.set(variant, content);
        return "";
      }
      regions.set(slot, new Map([[variant, content]]));
      return slotPlaceholder(slot);
    },
  );

  const skeleton = compileSegment(skeletonHtml, { kind: "skeleton" });
  trimTextEnds(skeleton.text);
  const slots: CompiledSlot[] = declarations.map((declaration) => {
    const found = regions.get(declaration.index);
    const variant = (key: string) => {
      const html = found?.get(key);
      if (html === undefined)
        throw new TemplateCompileError(
          `mj-offer #${declaration.index + 1} did not render variant ${key}`,
        );
      return compileSegment(html, { kind: "slot", slot: declaration.index }, true);
    };
    const variants: CompiledVariant[] = [{ html: [], text: [] }];
    for (let count = 1; count <= declaration.items; count++) variants.push(variant(String(count)));
    return {
      ...declaration,
      variants,
      fallback: variant("F"),
      linkTemplates: declaration.links.map((link) => compileLinkTemplate(link)),
    };
  });

  const subjectSource = options.subject ?? titleOf(output);
  if (subjectSource === undefined || subjectSource.trim() === "") {
    throw new TemplateCompileError(
      "no subject: pass options.subject or add <mj-title> to <mj-head>",
    );
  }
  const subject = compilePlain(decodeEntities(subjectSource.trim()));
  const preheader = compilePlain(decodeEntities(preheaderSource));

  const compiledTokens = new Set<string>();
  const collect = (parts: TemplatePart[]) => {
    for (const p of parts)
      if (typeof p === "object" && p.kind === "value" && p.ref.root !== "link")
        compiledTokens.add(canonical(parseToken(p.source)));
  };
  collect(skeleton.html);
  collect(subject);
  collect(preheader);
  for (const slot of slots) {
    for (const v of [...slot.variants, slot.fallback]) collect(v.html);
    slot.linkTemplates.forEach(collect);
  }
  const lost = [...sourceTokens].filter((t) => !compiledTokens.has(t));
  if (lost.length > 0) {
    throw new TemplateCompileError(
      `tokens did not survive MJML compilation: ${lost.map((t) => `{{ ${t} }}`).join(", ")} (tokens may sit in text, alt/title and URL attributes only)`,
    );
  }
  if (!sourceTokens.has("unsubscribeUrl"))
    warnings.push(
      "no {{ unsubscribeUrl }} link in the body: marketing mail should show one (the List-Unsubscribe header is sent regardless)",
    );

  const maxTemplateBytes =
    bytesOf(skeleton.html) +
    slots.reduce(
      (sum, s) =>
        sum + Math.max(bytesOf(s.fallback.html), ...s.variants.map((v) => bytesOf(v.html))),
      0,
    );
  if (maxTemplateBytes > HTML_WARN_BYTES)
    warnings.push(
      `compiled HTML is ${Math.round(maxTemplateBytes / 1024)} KB before filling; Gmail clips above ~102 KB`,
    );

  const id = options.id ?? "template";
  const version = options.version ?? "1";
  const cacheKey = createHash("sha256")
    .update(
      JSON.stringify({
        id,
        version,
        mjml: MJML_VERSION,
        source,
        subject: options.subject ?? null,
        fonts: options.fonts ?? null,
        includePath: options.includePath ?? null,
      }),
    )
    .digest("base64url");
  return {
    id,
    version,
    cacheKey,
    mjmlVersion: MJML_VERSION,
    subject,
    preheader,
    html: skeleton.html,
    text: skeleton.text,
    slots,
    tokens: [...sourceTokens].sort(),
    maxTemplateBytes,
    warnings,
  };
}

async function renderMjml(
  source: string,
  options: CompileTemplateOptions,
  declarations: OfferSlotDeclaration[],
): Promise<string> {
  const mjmlOptions: Mjml5Options = {
    validationLevel: "strict",
    keepComments: false,
    fonts: options.fonts ?? {},
    ignoreIncludes: options.includePath === undefined,
    ...(options.includePath !== undefined
      ? { includePath: options.includePath, filePath: options.includePath }
      : {}),
    presets: [createMjOfferPreset(declarations)],
  };
  try {
    return (await mjml2html(source, mjmlOptions)).html;
  } catch (error) {
    if (error instanceof TemplateCompileError) throw error;
    const errors =
      (error as { errors?: { line?: number; message?: string; tagName?: string }[] }).errors ?? [];
    const issues = errors.map((e) => ({
      path: ["mjml", `line ${e.line ?? "?"}`, e.tagName ?? ""],
      message: e.message ?? "invalid",
    }));
    const first = errors[0];
    const message = first
      ? `MJML line ${first.line ?? "?"}: ${first.message ?? "invalid"}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`
      : (error as Error).message;
    throw new TemplateCompileError(message, issues, error);
  }
}

/** Replace MJML's preview div by a preheader mark, followed by the open-pixel mark (top of body). */
function extractPreheader(html: string): { html: string; preheaderSource: string } {
  const marks = PREHEADER_MARK + OPEN_PIXEL_MARK;
  const start = html.indexOf(PREVIEW_OPEN);
  if (start !== -1) {
    const contentStart = start + PREVIEW_OPEN.length;
    const end = html.indexOf("</div>", contentStart);
    return {
      html: html.slice(0, start) + marks + html.slice(end + 6),
      preheaderSource: html.slice(contentStart, end),
    };
  }
  const body = html.indexOf("<body");
  const afterBody = body === -1 ? -1 : html.indexOf(">", body) + 1;
  if (afterBody <= 0) throw new TemplateCompileError("MJML output has no <body>");
  return { html: html.slice(0, afterBody) + marks + html.slice(afterBody), preheaderSource: "" };
}

function titleOf(html: string): string | undefined {
  const match = /<title>([\s\S]*?)<\/title>/.exec(html);
  return match?.[1];
}

/** One piece of compiled HTML (skeleton or a slot variant) → HTML parts and text parts. */
function compileSegment(html: string, scope: RefScope, isVariant = false): CompiledVariant {
  const occurrences = scanHtmlTokens(html);
  const htmlParts: TemplatePart[] = [];
  const values: ValuePart[] = [];
  let textSource = "";
  let at = 0;
  for (const occurrence of occurrences) {
    const literal = html.slice(at, occurrence.start);
    pushLiteral(htmlParts, literal);
    textSource += literal + `\ue000${values.length}\ue001`;
    const part = valuePart(
      parseToken(occurrence.inner),
      scope,
      escapingFor(occurrence.context, html, occurrence.start),
      urlUseFor(occurrence.context),
    );
    values.push(part);
    htmlParts.push(part);
    at = occurrence.end;
  }
  pushLiteral(htmlParts, html.slice(at));
  textSource += html.slice(at);

  // Images are not in the text part: a link around an image alone keeps its URL, labelled with the alt text.
  const text = htmlToPlainText(
    textSource.replace(IMAGE_ONLY_LINK, (_whole, open: string, alt: string | undefined) =>
      alt ? `${open}${alt}</a>` : "",
    ),
  );
  const textParts: TemplatePart[] = [];
  splitText(isVariant ? text.trim() : text, values, textParts);
  if (isVariant && textParts.length > 0) textParts.push("\n\n");
  return { html: htmlParts, text: normalizeTextAroundSlots(textParts) };
}

function pushLiteral(parts: TemplatePart[], literal: string): void {
  if (literal === "") return;
  let at = 0;
  for (const match of literal.matchAll(MARKER_PATTERN)) {
    if (match.index > at) parts.push(literal.slice(at, match.index));
    if (match[1] !== undefined) parts.push({ kind: "slot", slot: Number(match[1]) });
    else parts.push({ kind: match[0].includes("OKPRE") ? "preheader" : "open-pixel" });
    at = match.index + match[0].length;
  }
  if (at < literal.length) parts.push(literal.slice(at));
}

function splitText(text: string, values: ValuePart[], parts: TemplatePart[]): void {
  let at = 0;
  for (const match of text.matchAll(TEXT_PLACEHOLDER)) {
    const literal = text.slice(at, match.index);
    pushLiteral(parts, literal);
    const value = values[Number(match[1])]!;
    parts.push({ ...value, escaping: PLAIN[value.escaping] });
    at = match.index + match[0].length;
  }
  pushLiteral(parts, text.slice(at));
}

/** The text part has no preheader or pixel; each slot starts on a fresh paragraph. */
function normalizeTextAroundSlots(parts: TemplatePart[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (typeof part === "object" && (part.kind === "preheader" || part.kind === "open-pixel"))
      continue;
    if (typeof part === "object" && part.kind === "slot") {
      const previous = out[out.length - 1];
      if (typeof previous === "string") {
        const trimmed = previous.replace(/\s+$/, "");
        out[out.length - 1] = trimmed === "" ? "" : `${trimmed}\n\n`;
      }
      out.push(part);
      const next = parts[i + 1];
      if (typeof next === "string") {
        parts[i + 1] = next.replace(/^\s+/, "");
      }
      continue;
    }
    out.push(part);
  }
  return out.filter((p) => p !== "");
}

function trimTextEnds(parts: TemplatePart[]): void {
  if (typeof parts[0] === "string") parts[0] = parts[0].replace(/^\s+/, "");
  const last = parts.length - 1;
  if (typeof parts[last] === "string") parts[last] = `${parts[last].replace(/\s+$/, "")}\n`;
}

const PLAIN: Record<Escaping, Escaping> = {
  "html-text": "plain",
  "html-attribute": "plain",
  "html-url": "plain-url",
  "html-url-component": "plain-url-component",
  "html-fragment": "plain-fragment",
  plain: "plain",
  "plain-url": "plain-url",
  "plain-url-component": "plain-url-component",
  "plain-fragment": "plain-fragment",
};

function escapingFor(context: TokenContext, html: string, at: number): Escaping {
  if (context.kind === "text") return "html-text";
  if (context.kind === "comment") return "html-attribute";
  if (!URL_ATTRIBUTES.has(context.name)) return "html-attribute";
  return html.slice(context.valueStart, at).trim() === "" ? "html-url" : "html-url-component";
}

function urlUseFor(context: TokenContext): "link" | "resource" {
  return context.kind === "attribute" && context.name !== "href" ? "resource" : "link";
}

function valuePart(
  token: TokenExpression,
  scope: RefScope,
  escaping: Escaping,
  urlUse: "link" | "resource",
): ValuePart {
  const ref = resolveRef(token, scope);
  const fail = (message: string) =>
    new TemplateCompileError(`{{ ${token.source} }}: ${message}`, [
      { path: ["token", token.source], message },
    ]);
  if (token.html) {
    if (ref.root !== "offer" && ref.root !== "item")
      throw fail("the html filter is for offer content only");
    if (ref.field !== "content") throw fail("the html filter applies to item.content");
    if (escaping !== "html-text")
      throw fail("offer HTML can only go where text goes (not into attributes)");
    escaping = "html-fragment";
  }
  if (ref.root === "link" && escaping !== "html-url")
    throw fail("internal link token out of place");
  return { kind: "value", ref, escaping, urlUse, fallback: token.fallback, source: token.source };
}

/** Plain-text templates: subject and preheader. */
function compilePlain(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    if (match.index > at) parts.push(text.slice(at, match.index));
    const token = parseToken(match[1]!);
    if (token.html)
      throw new TemplateCompileError(`{{ ${token.source} }}: no HTML in subject or preheader`);
    parts.push({
      kind: "value",
      ref: resolveRef(token, { kind: "skeleton" }),
      escaping: "plain",
      urlUse: "link",
      fallback: token.fallback,
      source: token.source,
    });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/** `{{ item.link }}` or `https://shop.example/p/{{ item.offerId }}?utm_source=email` → URL parts. */
function compileLinkTemplate(link: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const template = link.trim();
  let at = 0;
  for (const match of template.matchAll(TOKEN_PATTERN)) {
    if (match.index > at) parts.push(decodeEntities(template.slice(at, match.index)));
    const token = parseToken(match[1]!.replace(/^(\s*)\$offer\.\d+\.\d+/, "$1item"));
    if (token.html) throw new TemplateCompileError(`{{ ${token.source} }}: no HTML in links`);
    const escaping: Escaping = match.index === 0 ? "plain-url" : "plain-url-component";
    parts.push({
      kind: "value",
      ref: resolveRef(token, { kind: "link" }),
      escaping,
      urlUse: "link",
      fallback: token.fallback,
      source: token.source,
    });
    at = match.index + match[0].length;
  }
  if (at < template.length) parts.push(decodeEntities(template.slice(at)));
  const first = parts[0];
  if (typeof first === "string" && !/^https?:\/\/[^/?#\s]+/i.test(first)) {
    throw new TemplateCompileError(
      `offer link "${link}" must be an http(s) URL or start with a token such as {{ item.link }}`,
    );
  }
  return parts;
}

/**
 * `{{ x | default: "a" }}` → `{{ x | default: 'a' }}`: MJML copies some texts into double-quoted
 * attributes (the title into aria-label), where a double quote would end the attribute.
 */
function singleQuoteTokenStrings(source: string): string {
  return source.replace(TOKEN_PATTERN, (whole, inner: string) =>
    inner.includes('"')
      ? `{{${inner.replace(/"((?:[^"\\]|\\.)*)"/g, (_m, text: string) => `'${text.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`)}}}`
      : whole,
  );
}

function tokensOfSource(source: string): Set<string> {
  const withoutComments = source.replace(/<!--[\s\S]*?-->/g, "");
  const tokens = new Set<string>();
  for (const match of withoutComments.matchAll(TOKEN_PATTERN))
    tokens.add(canonical(parseToken(match[1]!)));
  return tokens;
}

/** Comparable form of a token: internal offer paths map back to `item`. */
function canonical(token: TokenExpression): string {
  const path = token.path[0] === "$offer" ? ["item", ...token.path.slice(3)] : token.path;
  return `${path.join(".")}${token.html ? " | html" : ""}${token.fallback !== undefined ? ` | default: ${JSON.stringify(token.fallback)}` : ""}`;
}

function bytesOf(parts: TemplatePart[]): number {
  let bytes = 0;
  for (const p of parts) if (typeof p === "string") bytes += Buffer.byteLength(p);
  return bytes;
}
