import type { FallbackItem, FeedbackEvent, JsonValue, Proposition, PropositionItem, Representation, ScopeError } from "@offerkit/core";
import type { CompiledSlot, CompiledTemplate, CompiledVariant, ItemField, TemplatePart, ValuePart, ValueRef } from "../template/compiled-template.js";
import type { EmailLinks } from "../tracking/email-links.js";
import type { ShownOffer } from "../tracking/tracking-claims.js";
import { escapeHtml, headerText, plainText, safeUrl } from "./escape.js";
import { emailEventId, messageIdFor, messageKey } from "./message-identity.js";
import { offerHtmlToText } from "./offer-content.js";
import { offerValues, type OfferValues } from "./offer-values.js";
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
  /** Values that depend on the offer only, shared by every recipient shown it. */
  cache: OfferValues;
  /** Signed click URL by link template index ("#" when the target is not a safe URL). */
  links: string[];
  /** Signed URLs of the anchors inside offer HTML, in anchor order. */
  fragmentLinks: string[] | undefined;
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
const PREHEADER_OPEN = `<div style="${PREHEADER_STYLE}">`;
const PREHEADER_CLOSE = `${PREHEADER_PADDING}</div>`;
const PREHEADER_FIXED_BYTES = Buffer.byteLength(PREHEADER_OPEN + PREHEADER_CLOSE);

/**
 * Decide the offers for one recipient and fill a compiled template: the per-recipient work of a
 * send. No MJML, no HTML parsing — token fill with escaping chosen at compile time.
 */
export async function render(compiled: CompiledTemplate, recipient: Recipient, options: RenderOptions): Promise<RenderedEmail> {
  const key = messageKey(options.campaignId, recipient.id);
  const now = options.now?.() ?? new Date();
  const { propositions, scopeErrors } = await decideSlots(compiled, recipient, options);
  const slots = compiled.slots.map((slot, index) => slotFill(slot, propositions[index]));

  const state: FillState = {
    recipient,
    campaignId: options.campaignId,
    slots,
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
    const openUrl = options.links.openUrl({ r: recipient.id, c: options.campaignId, i: slots.flatMap((s) => s.items.map((i) => i.shown)) });
    state.openPixelHtml = `<img src="${escapeHtml(openUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;margin:0;padding:0;" />`;
  }
  const preheader = headerText(preheaderOverride(slots) ?? joined(compiled.preheader, state));
  const preheaderText = escapeHtml(preheader);
  state.preheaderHtml = preheader === "" ? "" : PREHEADER_OPEN + preheaderText + PREHEADER_CLOSE;

  const chunks: string[] = [];
  fill(compiled.html, state, "html", chunks);
  // One allocation for the whole part, no rope of concatenations to flatten later.
  const html = chunks.join("");
  // Counted from precomputed literal sizes plus the values: scanning 30+ KB per message is not free.
  const htmlBytes = state.htmlBytes + (preheader === "" ? 0 : PREHEADER_FIXED_BYTES + byteLength(preheaderText)) + state.openPixelHtml.length;
  const timestamp = now.toISOString();
  return {
    recipient,
    messageKey: key,
    messageId: messageIdFor(key, options.messageIdDomain),
    subject: headerText(joined(compiled.subject, state)),
    preheader,
    html,
    text: joined(compiled.text, state),
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
    cache: offerValues(item.representation, item.attributes),
    links: [],
    fragmentLinks: undefined,
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
    if (part.ref.root === "link" && !found.links.some(([i, l]) => part.ref.root === "link" && i === part.ref.item && l === part.ref.link)) {
      found.links.push([part.ref.item, part.ref.link]);
    }
    if (part.escaping === "html-fragment" && part.ref.root === "offer" && !found.fragments.includes(part.ref.item)) found.fragments.push(part.ref.item);
  }
  variantLinks.set(variant, found);
  return found;
}

// Link templates that read only offer fields (`{{ item.link }}`, `https://…/{{ item.offerId }}`)
// give the same target for every recipient: resolved once per offer, signed per recipient.
const offerOnlyTemplates = new WeakMap<readonly TemplatePart[], boolean>();

function readsOfferOnly(parts: readonly TemplatePart[]): boolean {
  let known = offerOnlyTemplates.get(parts);
  if (known === undefined) {
    known = parts.every((p) => typeof p === "string" || (p.kind === "value" && p.ref.root === "item" && p.ref.field !== "rank" && p.ref.field !== "isFallback"));
    offerOnlyTemplates.set(parts, known);
  }
  return known;
}

/** Sign every offer link the chosen variants show (one HMAC each), before the fill. */
function mintOfferLinks(state: FillState, links: EmailLinks): void {
  const sign = (item: ItemView, target: string | undefined): string => {
    const url = target === undefined ? undefined : safeUrl(target, "link");
    if (url === undefined) return "#";
    // mailto: stays as is; only web links go through the redirect.
    if (!/^https?:/i.test(url)) return url;
    return links.clickUrl({ r: state.recipient.id, c: state.campaignId, u: url, o: item.shown });
  };
  for (const s of state.slots) {
    if (s.items.length === 0) continue;
    const needed = linksOf(s.variant);
    for (const [itemIndex, link] of needed.links) {
      const item = s.items[itemIndex];
      if (!item) continue;
      const template = s.slot.linkTemplates[link]!;
      let target: string;
      if (readsOfferOnly(template)) {
        const cached = item.cache.linkTargets.get(template);
        if (cached === undefined) {
          state.item = item;
          target = joined(template, state);
          item.cache.linkTargets.set(template, target);
        } else target = cached;
      } else {
        state.item = item;
        target = joined(template, state);
      }
      item.links[link] = sign(item, target);
    }
    for (const itemIndex of needed.fragments) {
      const item = s.items[itemIndex];
      const fragment = item?.cache.fragment;
      if (!item || !fragment || fragment.hrefs.length === 0) continue;
      item.fragmentLinks = fragment.hrefs.map((href) => sign(item, href));
    }
  }
  state.item = undefined;
}

/** Appends the filled parts to `out` (HTML: also counts bytes). */
function fill(parts: readonly TemplatePart[], state: FillState, mode: "html" | "text", out: string[]): void {
  if (mode === "html") state.htmlBytes += literalBytes(parts);
  for (const part of parts) {
    if (typeof part === "string") out.push(part);
    else if (part.kind === "value") {
      const value = fillValue(part, state);
      if (mode === "html") state.htmlBytes += byteLength(value);
      out.push(value);
    } else if (part.kind === "slot") {
      const s = state.slots[part.slot]!;
      fill(mode === "html" ? s.variant.html : s.variant.text, state, mode, out);
    } else if (part.kind === "preheader") out.push(state.preheaderHtml);
    else out.push(state.openPixelHtml);
  }
}

/** Short plain templates (subject, preheader, link targets) and the text part. */
function joined(parts: readonly TemplatePart[], state: FillState): string {
  const out: string[] = [];
  fill(parts, state, "text", out);
  return out.join("");
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
  const ref = part.ref;
  if (ref.root === "link") {
    const url = state.slots[ref.slot]?.items[ref.item]?.links[ref.link] ?? "#";
    return part.escaping === "html-url" ? escapeHtml(url) : url;
  }
  if (ref.root === "offer") {
    const item = state.slots[ref.slot]?.items[ref.item];
    if (!item) return part.fallback === undefined ? "" : escapeValue(part, part.fallback);
    if (part.escaping === "html-fragment" && item.fragmentLinks !== undefined) return fillFragmentLinks(item);
    // Everything else about an offer is the same for every recipient: escaped once, reused.
    if (ref.field !== "rank" && ref.field !== "isFallback") {
      const key = valueKey(part);
      let value = item.cache.values.get(key);
      if (value === undefined) {
        value = part.escaping === "html-fragment" || part.escaping === "plain-fragment" ? fillFragment(part, item) : escapeValue(part, toText(readItem(item, ref.field, ref.path)));
        item.cache.values.set(key, value);
      }
      return value;
    }
  }
  return escapeValue(part, toText(readValue(ref, state)));
}

function escapeValue(part: ValuePart, value: string): string {
  const text = value === "" && part.fallback !== undefined ? part.fallback : value;
  switch (part.escaping) {
    case "html-text":
    case "html-attribute":
      return escapeHtml(text);
    case "html-url":
      return escapeHtml(safeUrl(text, part.urlUse) ?? (part.urlUse === "link" ? "#" : ""));
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

// Value parts of different variants that read the same offer field the same way share one cache entry.
const valueKeys = new WeakMap<ValuePart, string>();

function valueKey(part: ValuePart): string {
  let key = valueKeys.get(part);
  if (key === undefined) {
    const ref = part.ref as Extract<ValueRef, { root: "offer" }>;
    key = `${ref.field}.${ref.path.join(".")}|${part.escaping}|${part.urlUse}|${part.fallback ?? ""}`;
    valueKeys.set(part, key);
  }
  return key;
}

/** Offer HTML whose anchors carry this recipient's signed links. */
function fillFragmentLinks(item: ItemView): string {
  const pieces = item.cache.fragment!.pieces;
  const signed = item.fragmentLinks!;
  let out = pieces[0]!;
  for (let i = 0; i < signed.length; i++) out += escapeHtml(signed[i]!) + pieces[i + 1]!;
  return out;
}

/** Offer content into a text or HTML slot: HTML sanitized (links signed per recipient), anything else escaped. */
function fillFragment(part: ValuePart, item: ItemView): string {
  const content = item.representation.content;
  const html = part.escaping === "html-fragment";
  if (item.representation.type === "html" && typeof content === "string") {
    if (!html) return plainText(offerHtmlToText(content));
    return item.cache.fragment?.pieces[0] ?? "";
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
      return state.slots[ref.slot]?.items[ref.item]?.links[ref.link] ?? "#";
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
