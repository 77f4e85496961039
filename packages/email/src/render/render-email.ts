import type { FallbackItem, FeedbackEvent, JsonValue, Proposition, PropositionItem, Representation, ScopeError } from "@offerkit/core";
import type { CompiledSlot, CompiledTemplate, CompiledVariant, ItemField, TemplatePart, ValuePart, ValueRef } from "../template/compiled-template.js";
import type { EmailLinks } from "../tracking/email-links.js";
import type { ShownOffer } from "../tracking/tracking-claims.js";
import { escapeHtml, headerText, plainText, safeUrl } from "./escape.js";
import { emailEventId, messageIdFor, messageKey } from "./message-identity.js";
import { offerHtmlToText, sanitizeOfferHtml } from "./offer-content.js";
import type { OfferDecider, Recipient } from "./recipient.js";

export interface RenderOptions {
  /** Decides offers for each recipient: a DecisionEngine or a client. */
  decider: OfferDecider;
  campaignId: string;
  /** Signs click / open / unsubscribe links. */
  links: EmailLinks;
  /** Right-hand side of Message-IDs; should be the sending domain. */
  messageIdDomain: string;
  /** Decision context for every recipient (the recipient's own context wins), e.g. { month: 11 }. */
  context?: Record<string, JsonValue>;
  /** Mailing list id carried in unsubscribe tokens (which list to leave). */
  listId?: string;
  /** Decide without reserving caps or emitting decision events (previews). */
  dryRun?: boolean;
  now?: () => Date;
}

/** A display event ready for `engine.track` once the SMTP server accepted the message. */
export type DisplayEventInput = Extract<FeedbackEvent, { type: "display" }>;

export interface RenderedEmail {
  recipient: Recipient;
  /** Stable per (campaign, recipient); also the Message-ID's local part. */
  messageKey: string;
  messageId: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
  unsubscribeUrl: string;
  propositions: Proposition[];
  scopeErrors: ScopeError[];
  /** Offers shown by this message, as display events (send them after the SMTP accept). */
  displays: DisplayEventInput[];
  htmlBytes: number;
}

interface ItemView {
  offerId: string;
  name: string;
  rank: number;
  isFallback: boolean;
  representation: Representation;
  attributes: Record<string, JsonValue>;
  shown: ShownOffer;
}

interface SlotFill {
  slot: CompiledSlot;
  variant: CompiledVariant;
  items: ItemView[];
}

interface FillState {
  recipient: Recipient;
  campaignId: string;
  slots: SlotFill[];
  links: Map<string, string>;
  unsubscribeUrl: string;
  preheaderHtml: string;
  openPixelHtml: string;
  item: ItemView | undefined;
  /** UTF-8 bytes of the HTML filled so far (literals + values). */
  htmlBytes: number;
}

// Keeps the inbox snippet to the preheader: without padding, clients append body text after it.
const PREHEADER_PADDING = "&#847;&zwnj;&nbsp;".repeat(60);
const PREHEADER_STYLE = "display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;mso-hide:all;";

/**
 * Decide the offers for one recipient and fill a compiled template: the per-recipient work of a
 * send. No MJML, no HTML parsing — token fill with escaping chosen at compile time.
 */
export async function render(compiled: CompiledTemplate, recipient: Recipient, options: RenderOptions): Promise<RenderedEmail> {
  const key = messageKey(options.campaignId, recipient.id);
  const now = options.now?.() ?? new Date();
  const { propositions, scopeErrors } = await decideSlots(compiled, recipient, options);
  const slots = compiled.slots.map((slot, index) => slotFill(slot, propositions[index]));

  const shown = slots.flatMap((s) => s.items.map((i) => i.shown));
  const state: FillState = {
    recipient,
    campaignId: options.campaignId,
    slots,
    links: new Map(),
    unsubscribeUrl: "",
    preheaderHtml: "",
    openPixelHtml: "",
    item: undefined,
    htmlBytes: 0,
  };
  mintOfferLinks(state, options.links);
  const unsubscribeUrl = options.links.unsubscribeUrl({ r: recipient.id, c: options.campaignId, ...(options.listId ? { l: options.listId } : {}) });
  state.unsubscribeUrl = unsubscribeUrl;
  if (options.links.openPixel) {
    const openUrl = options.links.openUrl({ r: recipient.id, c: options.campaignId, i: shown });
    state.openPixelHtml = `<img src="${escapeHtml(openUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;margin:0;padding:0;" />`;
  }
  const preheader = headerText(preheaderOverride(slots) ?? fill(compiled.preheader, state));
  state.preheaderHtml = preheader === "" ? "" : `<div style="${PREHEADER_STYLE}">${escapeHtml(preheader)}${PREHEADER_PADDING}</div>`;

  const html = fill(compiled.html, state, "html");
  // Counted from precomputed literal sizes plus the values: scanning 30+ KB per message is not free.
  const htmlBytes = state.htmlBytes + byteLength(state.preheaderHtml) + byteLength(state.openPixelHtml);
  const timestamp = now.toISOString();
  return {
    recipient,
    messageKey: key,
    messageId: messageIdFor(key, options.messageIdDomain),
    subject: headerText(fill(compiled.subject, state)),
    preheader,
    html,
    text: fill(compiled.text, state, "text"),
    unsubscribeUrl,
    propositions: propositions.filter((p): p is Proposition => p !== undefined),
    scopeErrors,
    displays: slots.flatMap((s) =>
      s.items.map(({ shown: [propositionId, decisionId, placementId, offerId] }) => ({
        id: emailEventId("display", key, propositionId, offerId),
        type: "display" as const,
        timestamp,
        profileId: recipient.id,
        propositionId,
        decisionId,
        placementId,
        offerId,
      })),
    ),
    htmlBytes,
  };
}

/** One decide call for all slots; propositions matched back to slots in request order. */
async function decideSlots(
  compiled: CompiledTemplate,
  recipient: Recipient,
  options: RenderOptions,
): Promise<{ propositions: (Proposition | undefined)[]; scopeErrors: ScopeError[] }> {
  if (compiled.slots.length === 0) return { propositions: [], scopeErrors: [] };
  const response = await options.decider.decide({
    profile: { id: recipient.id, attributes: recipient.profile ?? {} },
    context: { channel: "email", ...options.context, ...recipient.context },
    scopes: compiled.slots.map((s) => ({ decisionId: s.decisionId, placementId: s.placementId, itemCount: s.items })),
    ...(options.dryRun ? { options: { dryRun: true } } : {}),
  });
  const unused = [...response.propositions];
  const propositions = compiled.slots.map((slot) => {
    const at = unused.findIndex((p) => p.decisionId === slot.decisionId && p.placementId === slot.placementId);
    return at === -1 ? undefined : unused.splice(at, 1)[0];
  });
  return { propositions, scopeErrors: response.errors };
}

/** Items → the variant with exactly that many; nothing qualified → fallback; error → empty. */
function slotFill(slot: CompiledSlot, proposition: Proposition | undefined): SlotFill {
  if (!proposition) return { slot, variant: slot.variants[0]!, items: [] };
  if (proposition.items.length > 0) {
    const items = proposition.items.slice(0, slot.items).map((item) => itemView(proposition, item, false));
    return { slot, variant: slot.variants[items.length]!, items };
  }
  if (proposition.fallback) return { slot, variant: slot.fallback, items: [itemView(proposition, proposition.fallback, true)] };
  return { slot, variant: slot.variants[0]!, items: [] };
}

function itemView(proposition: Proposition, item: PropositionItem | FallbackItem, isFallback: boolean): ItemView {
  return {
    offerId: item.offerId,
    name: item.name,
    rank: "rank" in item ? item.rank : 1,
    isFallback,
    representation: item.representation,
    attributes: item.attributes,
    shown: [proposition.id, proposition.decisionId, proposition.placementId, item.offerId],
  };
}

function preheaderOverride(slots: SlotFill[]): string | undefined {
  for (const s of slots) {
    for (const item of s.items) {
      const value = item.attributes.preheader;
      if (typeof value === "string" && value.trim() !== "") return value;
    }
  }
  return undefined;
}

// Which (item, link) pairs and offer-HTML anchors a variant needs, computed once per variant.
const variantLinks = new WeakMap<CompiledVariant, { links: [number, number][]; fragments: number[] }>();

function linksOf(variant: CompiledVariant): { links: [number, number][]; fragments: number[] } {
  let found = variantLinks.get(variant);
  if (found) return found;
  found = { links: [], fragments: [] };
  for (const part of variant.html) {
    if (typeof part !== "object" || part.kind !== "value") continue;
    if (part.ref.root === "link") found.links.push([part.ref.item, part.ref.link]);
    if (part.escaping === "html-fragment" && part.ref.root === "offer") found.fragments.push(part.ref.item);
  }
  variantLinks.set(variant, found);
  return found;
}

/** Sign every offer link the chosen variants show, before the fill. */
function mintOfferLinks(state: FillState, links: EmailLinks): void {
  const mint = (mapKey: string, item: ItemView, target: string | undefined) => {
    if (state.links.has(mapKey)) return;
    state.links.set(mapKey, "#");
    const url = target === undefined ? undefined : safeUrl(target, "link");
    if (url === undefined) return;
    if (!/^https?:/i.test(url)) {
      state.links.set(mapKey, url); // mailto: stays as is
      return;
    }
    state.links.set(mapKey, links.clickUrl({ r: state.recipient.id, c: state.campaignId, u: url, o: item.shown }));
  };
  state.slots.forEach((s, slotIndex) => {
    const needed = linksOf(s.variant);
    for (const [itemIndex, link] of needed.links) {
      const item = s.items[itemIndex];
      if (!item) continue;
      state.item = item;
      mint(`${slotIndex}.${itemIndex}.${link}`, item, fill(s.slot.linkTemplates[link]!, state));
    }
    for (const itemIndex of needed.fragments) {
      const item = s.items[itemIndex];
      const content = item?.representation.content;
      if (!item || item.representation.type !== "html" || typeof content !== "string") continue;
      for (const part of sanitizeOfferHtml(content)) {
        if (typeof part === "object") mint(`${slotIndex}.${itemIndex}.href:${part.href}`, item, part.href);
      }
    }
  });
  state.item = undefined;
}

function fill(parts: readonly TemplatePart[], state: FillState, mode: "html" | "text" = "text"): string {
  let out = "";
  if (mode === "html") state.htmlBytes += literalBytes(parts);
  for (const part of parts) {
    if (typeof part === "string") out += part;
    else if (part.kind === "value") {
      const value = fillValue(part, state);
      if (mode === "html") state.htmlBytes += byteLength(value);
      out += value;
    } else if (part.kind === "slot") {
      const s = state.slots[part.slot]!;
      out += fill(mode === "html" ? s.variant.html : s.variant.text, state, mode);
    } else if (part.kind === "preheader") out += state.preheaderHtml;
    else out += state.openPixelHtml;
  }
  return out;
}

const literalSizes = new WeakMap<readonly TemplatePart[], number>();

function literalBytes(parts: readonly TemplatePart[]): number {
  let bytes = literalSizes.get(parts);
  if (bytes === undefined) {
    bytes = 0;
    for (const part of parts) if (typeof part === "string") bytes += Buffer.byteLength(part);
    literalSizes.set(parts, bytes);
  }
  return bytes;
}

const NON_ASCII = /[\u0080-\uffff]/;

function byteLength(text: string): number {
  return NON_ASCII.test(text) ? Buffer.byteLength(text) : text.length;
}

function fillValue(part: ValuePart, state: FillState): string {
  if (part.escaping === "html-fragment" || part.escaping === "plain-fragment") return fillFragment(part, state);
  let text = toText(readValue(part.ref, state));
  if (text === "" && part.fallback !== undefined) text = part.fallback;
  switch (part.escaping) {
    case "html-text":
    case "html-attribute":
      return escapeHtml(text);
    case "html-url":
      return escapeHtml(part.ref.root === "link" ? text : (safeUrl(text, part.urlUse) ?? (part.urlUse === "link" ? "#" : "")));
    case "html-url-component":
      return escapeHtml(encodeURIComponent(text));
    case "plain-url":
      return part.ref.root === "link" ? text : (safeUrl(text, part.urlUse) ?? "");
    case "plain-url-component":
      return encodeURIComponent(text);
    default:
      return plainText(text);
  }
}

/** Offer content into an HTML slot: HTML sanitized (links signed), anything else escaped. */
function fillFragment(part: ValuePart, state: FillState): string {
  if (part.ref.root !== "offer") return "";
  const { slot, item: itemIndex } = part.ref;
  const item = state.slots[slot]?.items[itemIndex];
  if (!item) return "";
  const content = item.representation.content;
  const html = part.escaping === "html-fragment";
  if (item.representation.type === "html" && typeof content === "string") {
    if (!html) return plainText(offerHtmlToText(content));
    let out = "";
    for (const piece of sanitizeOfferHtml(content)) {
      out += typeof piece === "string" ? piece : escapeHtml(state.links.get(`${slot}.${itemIndex}.href:${piece.href}`) ?? "#");
    }
    return out;
  }
  const text = toText(content);
  return html ? escapeHtml(text) : plainText(text);
}

function readValue(ref: ValueRef, state: FillState): unknown {
  switch (ref.root) {
    case "profile":
      return readPath(state.recipient.profile, ref.path);
    case "context":
      return readPath(state.recipient.context, ref.path);
    case "recipient":
      return state.recipient[ref.field];
    case "campaign":
      return state.campaignId;
    case "unsubscribeUrl":
      return state.unsubscribeUrl;
    case "offer": {
      const item = state.slots[ref.slot]?.items[ref.item];
      return item ? readItem(item, ref.field, ref.path) : undefined;
    }
    case "item":
      return state.item ? readItem(state.item, ref.field, ref.path) : undefined;
    case "link":
      return state.links.get(`${ref.slot}.${ref.item}.${ref.link}`) ?? "#";
  }
}

function readItem(item: ItemView, field: ItemField, path: readonly string[]): unknown {
  switch (field) {
    case "name":
      return item.name;
    case "offerId":
      return item.offerId;
    case "rank":
      return item.rank;
    case "isFallback":
      return item.isFallback;
    case "content":
      return readPath(item.representation.content, path);
    case "url":
      return item.representation.url;
    case "link":
      return item.representation.linkUrl;
    case "alt":
      return item.representation.altText ?? item.name;
    case "attributes":
      return readPath(item.attributes, path);
  }
}

/** Own properties only: a template can never reach prototypes (`constructor`, `__proto__`). */
function readPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function toText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  return "";
}
