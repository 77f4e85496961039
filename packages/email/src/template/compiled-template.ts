import type { OfferSlotDeclaration } from "./offer-slot.js";

/**
 * How a value is written where its token sits. `html-*` for the HTML part, `plain-*` for the text
 * part, subject and preheader. `*-url` tokens start an attribute/URL (scheme checked), `*-url-component`
 * tokens sit inside one (percent-encoded); `*-fragment` is offer HTML (sanitized / reduced to text).
 */
export type Escaping =
  | "html-text"
  | "html-attribute"
  | "html-url"
  | "html-url-component"
  | "html-fragment"
  | "plain"
  | "plain-url"
  | "plain-url-component"
  | "plain-fragment";

/** What a token reads. Item references are resolved against the recipient's decided offers. */
export type ValueRef =
  | { root: "profile" | "context"; path: readonly string[] }
  | { root: "recipient"; field: "id" | "email" }
  | { root: "campaign"; field: "id" }
  | { root: "unsubscribeUrl" }
  | { root: "offer"; slot: number; item: number; field: ItemField; path: readonly string[] }
  /** Item-relative reference inside a link template. */
  | { root: "item"; field: ItemField; path: readonly string[] }
  | { root: "link"; slot: number; item: number; link: number };

export const ITEM_FIELDS = [
  "name",
  "offerId",
  "rank",
  "content",
  "url",
  "link",
  "alt",
  "attributes",
  "isFallback",
] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

export interface ValuePart {
  kind: "value";
  ref: ValueRef;
  escaping: Escaping;
  /** Which URL schemes a URL value may have: links allow mailto, resources (img src) only http(s). */
  urlUse: "link" | "resource";
  fallback: string | undefined;
  /** Token source, for messages. */
  source: string;
}

export type TemplatePart =
  | string
  | ValuePart
  | { kind: "slot"; slot: number }
  | { kind: "preheader" }
  | { kind: "open-pixel" };

/** The parts of one slot variant, for the HTML and the text part. */
export interface CompiledVariant {
  html: TemplatePart[];
  text: TemplatePart[];
}

export interface CompiledSlot extends OfferSlotDeclaration {
  /** variants[count] for 1..items; variants[0] is empty (nothing to show). */
  variants: CompiledVariant[];
  fallback: CompiledVariant;
  /** Link templates (plain, URL escaping) by link index. */
  linkTemplates: TemplatePart[][];
}

/** The cached artifact of a template version: MJML never runs again for it. */
export interface CompiledTemplate {
  id: string;
  version: string;
  /** Hash of everything the output depends on (source, options, MJML version). */
  cacheKey: string;
  mjmlVersion: string;
  subject: TemplatePart[];
  preheader: TemplatePart[];
  html: TemplatePart[];
  text: TemplatePart[];
  slots: CompiledSlot[];
  /** Every token the template uses, as written (manifest for review and linting). */
  tokens: string[];
  /** Bytes of the HTML skeleton plus the largest variant of every slot, before filling. */
  maxTemplateBytes: number;
  warnings: string[];
}
