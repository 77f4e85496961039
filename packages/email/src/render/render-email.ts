import type {
  DecisionResponse,
  FallbackItem,
  FeedbackEvent,
  JsonValue,
  Proposition,
  PropositionItem,
  Representation,
  ScopeError,
} from "@offerkit/core";
import type {
  CompiledSlot,
  CompiledTemplate,
  CompiledVariant,
  ItemField,
  TemplatePart,
  ValuePart,
  ValueRef,
} from "../template/compiled-template.js";
import type { EmailLinks } from "../tracking/email-links.js";
import type { ShownOffer } from "../tracking/tracking-claims.js";
import { escapeHtmlNarrow, headerText, oneByte, plainText, safeUrl } from "./escape.js";
import { emailEventId, messageIdFor, messageKey } from "./message-identity.js";
import { offerHtmlToText } from "./offer-content.js";
import { offerFragment, type OfferFragment } from "./offer-values.js";
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

type Item = PropositionItem | FallbackItem;

// Keeps the inbox snippet to the preheader: without padding, clients append body text after it.
const PREHEADER_PADDING = "&#847;&zwnj;&nbsp;".repeat(60);
const PREHEADER_STYLE =
  "display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;mso-hide:all;";
const PREHEADER_OPEN = `<div style="${PREHEADER_STYLE}">`;
const PREHEADER_CLOSE = `${PREHEADER_PADDING}</div>`;

function preheaderHtml(preheader: string): string {
  return preheader === "" ? "" : PREHEADER_OPEN + escapeHtmlNarrow(preheader) + PREHEADER_CLOSE;
}

/**
 * Decide the offers for one recipient and fill a compiled template: the per-recipient work of a
 * send. No MJML, no HTML parsing — token fill with escaping chosen at compile time.
 */
export async function render(
  compiled: CompiledTemplate,
  recipient: Recipient,
  options: RenderOptions,
): Promise<RenderedEmail> {
  const plan = planOf(compiled);
  const now = options.now?.() ?? new Date();
  if (plan.slots.length === 0) return fillEmail(plan, recipient, options, now, undefined);
  const response = await options.decider.decide({
    profile: { id: recipient.id, attributes: recipient.profile ?? {} },
    context: { channel: "email", ...options.context, ...recipient.context },
    scopes: plan.scopes,
    ...(options.dryRun ? { options: { dryRun: true } } : {}),
  });
  // Everything from here on is synchronous: the plan's scratch space cannot be shared by two renders.
  return fillEmail(plan, recipient, options, now, response);
}

// ---------------------------------------------------------------------------------------------
// The plan: a compiled template turned, once, into programs of literal chunks and typed operations.

const OP_RECIPIENT = 0; // profile / context / recipient / campaign / unsubscribeUrl / item (link templates)
const OP_OFFER = 1; // a value that depends on the offer only: computed once per offer, reused
const OP_OFFER_HTML = 2; // offer HTML in an HTML slot: with this recipient's signed anchors when it has any
const OP_OFFER_DYNAMIC = 3; // item.rank, item.isFallback
const OP_LINK = 4; // a signed click link
const OP_SLOT = 5;
const OP_PREHEADER = 6;
const OP_PIXEL = 7;

class Op {
  constructor(
    readonly code: number,
    readonly part: ValuePart | undefined,
    readonly slot: number,
    readonly item: number,
    /** OP_OFFER*: index in the offer's value cache; OP_LINK: link template index. */
    readonly index: number,
  ) {}
}

interface Program {
  ops: (string | Op)[];
  /** UTF-8 bytes of the literal chunks. */
  literalBytes: number;
  /** No operations: the literal text. */
  constant: string | undefined;
}

interface VariantPlan {
  html: Program;
  text: Program;
  /** [item, link] pairs to sign, and the items whose offer HTML is shown (its anchors are signed). */
  links: number[];
  fragments: number[];
}

interface LinkTemplate {
  program: Program;
  /** Reads offer fields only: one target per offer, resolved once. */
  offerOnly: boolean;
  /** Index among all link templates of the template (offer cache slot). */
  index: number;
}

interface SlotPlan {
  slot: CompiledSlot;
  /** First index of this slot's items in the flat per-render arrays. */
  offset: number;
  /** First index of this slot's links (item × linkTemplates + link) in the flat per-render arrays. */
  linkOffset: number;
  variants: VariantPlan[];
  fallback: VariantPlan;
  links: LinkTemplate[];
}

/** What one offer (representation) gives this template, whichever recipient is shown it. */
interface OfferEntry {
  attributes: Record<string, JsonValue>;
  /** Escaped value by cache index. */
  values: (string | undefined)[];
  bytes: number[];
  /** Checked click targets of offer-only link templates ("" when unsafe). */
  targets: (string | undefined)[];
  fragment: OfferFragment | undefined;
}

/** Per-render working space, reused: filled after the decide, synchronously, then read out. */
interface Scratch {
  recipient: Recipient;
  campaignId: string;
  unsubscribeUrl: string;
  /** The links need no escaping (EmailLinks.htmlSafe): the unsubscribe URL goes in as minted. */
  linksHtmlSafe: boolean;
  preheaderHtml: string;
  openPixelHtml: string;
  /** Slot → chosen variant, number of items shown, proposition, fallback shown. */
  variant: (VariantPlan | undefined)[];
  count: number[];
  proposition: (Proposition | undefined)[];
  isFallback: boolean[];
  /** Flat by slot offset + item. */
  items: (Item | undefined)[];
  entries: (OfferEntry | undefined)[];
  fragments: (string | undefined)[];
  fragmentBytes: number[];
  /** Flat by slot link offset + item × links + link: the signed URL, raw and HTML-escaped. */
  links: string[];
  linksHtml: string[];
  linksHtmlBytes: number[];
  /** The item a link template is being resolved for (flat index) and whether it is its slot's fallback. */
  current: number;
  currentIsFallback: boolean;
  out: string[];
}

interface Plan {
  compiled: CompiledTemplate;
  /** The decide request's scopes, the same (frozen) objects for every recipient. */
  scopes: { decisionId: string; placementId: string; itemCount: number }[];
  subject: Program;
  preheader: Program;
  html: Program;
  text: Program;
  slots: SlotPlan[];
  offers: WeakMap<Representation, OfferEntry>;
  offerValueCount: number;
  /** The preheader when the template's has no tokens (offers may still override it). */
  fixedPreheader: { text: string; html: string; bytes: number } | undefined;
  scratch: Scratch;
}

const plans = new WeakMap<CompiledTemplate, Plan>();

function planOf(compiled: CompiledTemplate): Plan {
  let plan = plans.get(compiled);
  if (plan === undefined) {
    plan = buildPlan(compiled);
    plans.set(compiled, plan);
  }
  return plan;
}

function buildPlan(compiled: CompiledTemplate): Plan {
  // Value parts of different variants that read the same offer field the same way share one cache entry.
  const valueIndex = new Map<string, number>();
  const program = (parts: readonly TemplatePart[]): Program => {
    const ops: (string | Op)[] = [];
    let literalBytes = 0;
    for (const part of parts) {
      if (typeof part === "string") {
        if (part === "") continue;
        literalBytes += Buffer.byteLength(part);
        const last = ops[ops.length - 1];
        if (typeof last === "string") ops[ops.length - 1] = last + part;
        else ops.push(part);
      } else if (part.kind === "value") ops.push(valueOp(part, valueIndex));
      else if (part.kind === "slot") ops.push(new Op(OP_SLOT, undefined, part.slot, 0, 0));
      else if (part.kind === "preheader") ops.push(new Op(OP_PREHEADER, undefined, 0, 0, 0));
      else ops.push(new Op(OP_PIXEL, undefined, 0, 0, 0));
    }
    // Literal chunks were built by concatenation (ropes); copied out flat once, every join is a memcpy.
    for (let i = 0; i < ops.length; i++)
      if (typeof ops[i] === "string") ops[i] = flat(ops[i] as string);
    const constant =
      ops.length === 0 ? "" : ops.length === 1 && typeof ops[0] === "string" ? ops[0] : undefined;
    return { ops, literalBytes, constant };
  };
  let offset = 0;
  let linkOffset = 0;
  let linkIndex = 0;
  const slots = compiled.slots.map((slot): SlotPlan => {
    const variant = (v: CompiledVariant): VariantPlan => {
      const html = program(v.html);
      const text = program(v.text);
      const links: number[] = [];
      const fragments: number[] = [];
      // Links read by either part (the text part normally repeats the HTML's).
      for (const op of [...html.ops, ...text.ops]) {
        if (typeof op === "string") continue;
        if (op.code === OP_LINK && !hasPair(links, op.item, op.index))
          links.push(op.item, op.index);
        if (op.code === OP_OFFER_HTML && !fragments.includes(op.item)) fragments.push(op.item);
      }
      return { html, text, links, fragments };
    };
    const plan: SlotPlan = {
      slot,
      offset,
      linkOffset,
      variants: slot.variants.map(variant),
      fallback: variant(slot.fallback),
      links: slot.linkTemplates.map((parts) => ({
        program: program(parts),
        offerOnly: parts.every(
          (p) =>
            typeof p === "string" ||
            (p.kind === "value" &&
              p.ref.root === "item" &&
              p.ref.field !== "rank" &&
              p.ref.field !== "isFallback"),
        ),
        index: linkIndex++,
      })),
    };
    offset += slot.items;
    linkOffset += slot.items * slot.linkTemplates.length;
    return plan;
  });
  const scratch: Scratch = {
    recipient: { id: "", email: "" },
    campaignId: "",
    unsubscribeUrl: "",
    linksHtmlSafe: false,
    preheaderHtml: "",
    openPixelHtml: "",
    variant: slots.map(() => undefined),
    count: slots.map(() => 0),
    proposition: slots.map(() => undefined),
    isFallback: slots.map(() => false),
    items: new Array<Item | undefined>(offset).fill(undefined),
    entries: new Array<OfferEntry | undefined>(offset).fill(undefined),
    fragments: new Array<string | undefined>(offset).fill(undefined),
    fragmentBytes: new Array<number>(offset).fill(0),
    links: new Array<string>(linkOffset).fill("#"),
    linksHtml: new Array<string>(linkOffset).fill("#"),
    linksHtmlBytes: new Array<number>(linkOffset).fill(1),
    current: 0,
    currentIsFallback: false,
    out: [],
  };
  return {
    compiled,
    scopes: compiled.slots.map((s) =>
      Object.freeze({ decisionId: s.decisionId, placementId: s.placementId, itemCount: s.items }),
    ),
    subject: program(compiled.subject),
    preheader: program(compiled.preheader),
    html: program(compiled.html),
    text: program(compiled.text),
    slots,
    offers: new WeakMap(),
    offerValueCount: valueIndex.size,
    fixedPreheader: fixedPreheader(compiled.preheader),
    scratch,
  };
}

/**
 * A sequential (flat, unshared) copy of a string: no rope or slice of a larger string to walk, and
 * one-byte when it can be (compiled parts are slices of a two-byte MJML output when the template
 * has any character above U+00FF).
 */
function flat(text: string): string {
  return WIDE.test(text) ? Buffer.from(text, "utf8").toString("utf8") : oneByte(text);
}

const WIDE = /[\u0100-\uffff]/;

function fixedPreheader(parts: readonly TemplatePart[]): Plan["fixedPreheader"] {
  if (!parts.every((p) => typeof p === "string")) return undefined;
  const text = headerText(parts.join(""));
  const html = flat(preheaderHtml(text));
  return { text, html, bytes: Buffer.byteLength(html) };
}

function hasPair(pairs: number[], a: number, b: number): boolean {
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === a && pairs[i + 1] === b) return true;
  return false;
}

function valueOp(part: ValuePart, valueIndex: Map<string, number>): Op {
  const ref = part.ref;
  if (ref.root === "link") return new Op(OP_LINK, part, ref.slot, ref.item, ref.link);
  if (ref.root === "offer") {
    if (ref.field === "rank" || ref.field === "isFallback")
      return new Op(OP_OFFER_DYNAMIC, part, ref.slot, ref.item, 0);
    const key = `${ref.field}.${ref.path.join(".")}|${part.escaping}|${part.urlUse}|${part.fallback ?? ""}`;
    let index = valueIndex.get(key);
    if (index === undefined) {
      index = valueIndex.size;
      valueIndex.set(key, index);
    }
    return new Op(
      part.escaping === "html-fragment" ? OP_OFFER_HTML : OP_OFFER,
      part,
      ref.slot,
      ref.item,
      index,
    );
  }
  return new Op(OP_RECIPIENT, part, 0, 0, 0);
}

// ---------------------------------------------------------------------------------------------
// Per recipient.

function fillEmail(
  plan: Plan,
  recipient: Recipient,
  options: RenderOptions,
  now: Date,
  response: DecisionResponse | undefined,
): RenderedEmail {
  const s = plan.scratch;
  const campaignId = options.campaignId;
  const key = messageKey(campaignId, recipient.id);
  s.recipient = recipient;
  s.campaignId = campaignId;
  s.openPixelHtml = "";

  const propositions: Proposition[] = [];
  const timestamp = isoTimestamp(now);
  const displays: DisplayEventInput[] = [];
  const available = response?.propositions ?? [];
  let used = 0;
  for (let slotIndex = 0; slotIndex < plan.slots.length; slotIndex++) {
    const slotPlan = plan.slots[slotIndex]!;
    const slot = slotPlan.slot;
    // Propositions matched back to slots in request order (one scope per slot).
    let proposition: Proposition | undefined;
    for (let j = 0; j < available.length; j++) {
      const p = available[j]!;
      if (
        (used & (1 << j)) === 0 &&
        p.decisionId === slot.decisionId &&
        p.placementId === slot.placementId
      ) {
        used |= 1 << j;
        proposition = p;
        break;
      }
    }
    let count = 0;
    let variant = slotPlan.variants[0];
    let isFallback = false;
    if (proposition) {
      propositions.push(proposition);
      const items = proposition.items;
      if (items.length > 0) {
        count = Math.min(items.length, slot.items);
        for (let i = 0; i < count; i++) s.items[slotPlan.offset + i] = items[i];
        variant = slotPlan.variants[count];
      } else if (proposition.fallback) {
        count = 1;
        isFallback = true;
        s.items[slotPlan.offset] = proposition.fallback;
        variant = slotPlan.fallback;
      }
    }
    for (let i = count; i < slot.items; i++) s.items[slotPlan.offset + i] = undefined;
    s.variant[slotIndex] = variant;
    s.count[slotIndex] = count;
    s.proposition[slotIndex] = proposition;
    s.isFallback[slotIndex] = isFallback;
    for (let i = 0; i < count; i++) {
      const item = s.items[slotPlan.offset + i]!;
      s.entries[slotPlan.offset + i] = entryOf(plan, item);
      s.fragments[slotPlan.offset + i] = undefined;
      displays.push({
        id: emailEventId("display", key, proposition!.id, item.offerId),
        type: "display",
        timestamp,
        profileId: recipient.id,
        propositionId: proposition!.id,
        decisionId: proposition!.decisionId,
        placementId: proposition!.placementId,
        offerId: item.offerId,
      });
    }
    if (variant && proposition)
      mintLinks(plan, slotPlan, variant, proposition, isFallback, options.links);
  }

  const unsubscribeUrl = options.links.unsubscribeUrl(
    options.listId
      ? { r: recipient.id, c: campaignId, l: options.listId }
      : { r: recipient.id, c: campaignId },
  );
  s.unsubscribeUrl = unsubscribeUrl;
  s.linksHtmlSafe = options.links.htmlSafe;
  if (options.links.openPixel) {
    const shown: ShownOffer[] = displays.map((d) => [
      d.propositionId,
      d.decisionId,
      d.placementId,
      d.offerId,
    ]);
    const openUrl = options.links.openUrl({ r: recipient.id, c: campaignId, i: shown });
    s.openPixelHtml = `<img src="${escapeHtmlNarrow(openUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;margin:0;padding:0;" />`;
  }

  const override = preheaderOverride(plan, s);
  let preheader: string;
  let preheaderBytes: number;
  if (override === undefined && plan.fixedPreheader !== undefined) {
    // The template's own preheader without tokens: the same for every recipient.
    ({ text: preheader, html: s.preheaderHtml, bytes: preheaderBytes } = plan.fixedPreheader);
  } else {
    preheader = headerText(override ?? joined(plan, plan.preheader, s));
    s.preheaderHtml = preheaderHtml(preheader);
    preheaderBytes = preheader === "" ? 0 : byteLength(s.preheaderHtml);
  }

  const out = s.out;
  out.length = 0;
  const valueBytes = run(plan, plan.html, s, true, out);
  // One allocation for the whole part, no rope of concatenations to flatten later.
  const html = out.join("");
  out.length = 0;
  run(plan, plan.text, s, false, out);
  const text = out.join("");
  out.length = 0;
  // Counted from precomputed literal sizes plus the values: scanning 30+ KB per message is not free.
  const htmlBytes = valueBytes + preheaderBytes + s.openPixelHtml.length;

  return {
    recipient,
    messageKey: key,
    messageId: messageIdFor(key, options.messageIdDomain),
    subject: headerText(plan.subject.constant ?? joined(plan, plan.subject, s)),
    preheader,
    html,
    text,
    unsubscribeUrl,
    propositions,
    scopeErrors: response?.errors ?? [],
    displays,
    htmlBytes,
  };
}

let lastMs = Number.NaN;
let lastIso = "";

/** Renders within one millisecond share the ISO string. */
function isoTimestamp(now: Date): string {
  const ms = now.getTime();
  if (ms !== lastMs) {
    lastIso = now.toISOString();
    lastMs = ms;
  }
  return lastIso;
}

function entryOf(plan: Plan, item: Item): OfferEntry {
  const representation = item.representation;
  let entry = plan.offers.get(representation);
  // The same representation object always belongs to the same offer, so its attributes come along.
  if (entry !== undefined && entry.attributes === item.attributes) return entry;
  entry = {
    attributes: item.attributes,
    values: new Array<string | undefined>(plan.offerValueCount).fill(undefined),
    bytes: new Array<number>(plan.offerValueCount).fill(0),
    targets: [],
    fragment: offerFragment(representation),
  };
  plan.offers.set(representation, entry);
  return entry;
}

function preheaderOverride(plan: Plan, s: Scratch): string | undefined {
  for (let slotIndex = 0; slotIndex < plan.slots.length; slotIndex++) {
    const offset = plan.slots[slotIndex]!.offset;
    for (let i = 0; i < s.count[slotIndex]!; i++) {
      const value = s.items[offset + i]!.attributes.preheader;
      if (typeof value === "string" && value.trim() !== "") return value;
    }
  }
  return undefined;
}

/** Sign every offer link the chosen variant shows (one HMAC each), before the fill. */
function mintLinks(
  plan: Plan,
  slotPlan: SlotPlan,
  variant: VariantPlan,
  proposition: Proposition,
  isFallback: boolean,
  links: EmailLinks,
): void {
  const s = plan.scratch;
  const pairs = variant.links;
  const perItem = slotPlan.links.length;
  for (let p = 0; p < pairs.length; p += 2) {
    const itemIndex = pairs[p]!;
    const link = pairs[p + 1]!;
    const item = s.items[slotPlan.offset + itemIndex];
    if (item === undefined) continue;
    const template = slotPlan.links[link]!;
    let target: string | undefined;
    if (template.offerOnly) {
      const entry = s.entries[slotPlan.offset + itemIndex]!;
      target = entry.targets[template.index];
      if (target === undefined) {
        target = checkedTarget(
          joinedFor(plan, template.program, s, slotPlan.offset + itemIndex, isFallback),
        );
        entry.targets[template.index] = target;
      }
    } else
      target = checkedTarget(
        joinedFor(plan, template.program, s, slotPlan.offset + itemIndex, isFallback),
      );
    const at = slotPlan.linkOffset + itemIndex * perItem + link;
    const url = sign(links, s, proposition, item, target);
    s.links[at] = url;
    if (url !== target && links.htmlSafe) {
      // A signed redirect (or "#"): ASCII with nothing to escape.
      s.linksHtml[at] = url;
      s.linksHtmlBytes[at] = url.length;
    } else {
      const escaped = escapeHtmlNarrow(url);
      s.linksHtml[at] = escaped;
      s.linksHtmlBytes[at] = byteLength(escaped);
    }
  }
  for (const itemIndex of variant.fragments) {
    const at = slotPlan.offset + itemIndex;
    const item = s.items[at];
    const fragment = s.entries[at]?.fragment;
    if (item === undefined || fragment === undefined || fragment.hrefs.length === 0) continue;
    // Offer HTML whose anchors carry this recipient's signed links.
    let html = fragment.pieces[0]!;
    let bytes = fragment.piecesBytes;
    for (let i = 0; i < fragment.hrefs.length; i++) {
      const target = checkedTarget(fragment.hrefs[i]!);
      const url = sign(links, s, proposition, item, target);
      const signed = url !== target && links.htmlSafe ? url : escapeHtmlNarrow(url);
      bytes += url !== target && links.htmlSafe ? signed.length : byteLength(signed);
      html += signed + fragment.pieces[i + 1]!;
    }
    s.fragments[at] = html;
    s.fragmentBytes[at] = bytes;
  }
}

/** The target if it is a safe link ("" if not). */
function checkedTarget(target: string): string {
  return safeUrl(target, "link") ?? "";
}

const WEB_URL = /^https?:/i;

function sign(
  links: EmailLinks,
  s: Scratch,
  proposition: Proposition,
  item: Item,
  target: string,
): string {
  if (target === "") return "#";
  // mailto: stays as is; only web links go through the redirect.
  if (!WEB_URL.test(target)) return target;
  return links.clickUrlOf(
    s.recipient.id,
    s.campaignId,
    target,
    proposition.id,
    proposition.decisionId,
    proposition.placementId,
    item.offerId,
  );
}

/** Appends a program's output to `out`; returns the UTF-8 bytes written when `html`. */
function run(plan: Plan, program: Program, s: Scratch, html: boolean, out: string[]): number {
  let bytes = html ? program.literalBytes : 0;
  const ops = program.ops;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (typeof op === "string") {
      out.push(op);
      continue;
    }
    switch (op.code) {
      case OP_RECIPIENT: {
        const value = recipientValue(op.part!, s);
        if (html) bytes += byteLength(value);
        out.push(value);
        break;
      }
      case OP_OFFER:
      case OP_OFFER_HTML: {
        const at = plan.slots[op.slot]!.offset + op.item;
        const item = op.item < s.count[op.slot]! ? s.items[at] : undefined;
        if (item === undefined) {
          const part = op.part!;
          const value = part.fallback === undefined ? "" : escapeValue(part, part.fallback);
          if (html) bytes += byteLength(value);
          out.push(value);
          break;
        }
        if (op.code === OP_OFFER_HTML) {
          const signed = s.fragments[at];
          if (signed !== undefined) {
            if (html) bytes += s.fragmentBytes[at]!;
            out.push(signed);
            break;
          }
        }
        // Everything else about an offer is the same for every recipient: escaped once, reused.
        const entry = s.entries[at]!;
        let value = entry.values[op.index];
        if (value === undefined) {
          value = flat(offerValue(op.part!, item, entry, s.isFallback[op.slot]!));
          entry.values[op.index] = value;
          entry.bytes[op.index] = Buffer.byteLength(value);
        }
        if (html) bytes += entry.bytes[op.index]!;
        out.push(value);
        break;
      }
      case OP_OFFER_DYNAMIC: {
        const part = op.part!;
        const item =
          op.item < s.count[op.slot]! ? s.items[plan.slots[op.slot]!.offset + op.item] : undefined;
        const ref = part.ref as Extract<ValueRef, { root: "offer" }>;
        const value =
          item === undefined
            ? part.fallback === undefined
              ? ""
              : escapeValue(part, part.fallback)
            : escapeValue(
                part,
                toText(readItem(item, s.isFallback[op.slot]!, ref.field, ref.path)),
              );
        if (html) bytes += byteLength(value);
        out.push(value);
        break;
      }
      case OP_LINK: {
        const slotPlan = plan.slots[op.slot]!;
        const shown = op.item < s.count[op.slot]!;
        const at = slotPlan.linkOffset + op.item * slotPlan.links.length + op.index;
        if (op.part!.escaping === "html-url") {
          const value = shown ? s.linksHtml[at]! : "#";
          if (html) bytes += shown ? s.linksHtmlBytes[at]! : 1;
          out.push(value);
        } else {
          const value = shown ? s.links[at]! : "#";
          if (html) bytes += byteLength(value);
          out.push(value);
        }
        break;
      }
      case OP_SLOT: {
        const variant = s.variant[op.slot];
        if (variant !== undefined)
          bytes += run(plan, html ? variant.html : variant.text, s, html, out);
        break;
      }
      case OP_PREHEADER:
        out.push(s.preheaderHtml);
        break;
      default:
        out.push(s.openPixelHtml);
    }
  }
  return bytes;
}

/** Short plain programs: subject, preheader. */
function joined(plan: Plan, program: Program, s: Scratch): string {
  const out: string[] = [];
  run(plan, program, s, false, out);
  return out.join("");
}

/** A link template resolved for one item (flat index). */
function joinedFor(
  plan: Plan,
  program: Program,
  s: Scratch,
  itemAt: number,
  isFallback: boolean,
): string {
  if (program.constant !== undefined) return program.constant;
  s.current = itemAt;
  s.currentIsFallback = isFallback;
  return joined(plan, program, s);
}

const NON_ASCII = /[\u0080-\uffff]/;

function byteLength(text: string): number {
  return NON_ASCII.test(text) ? Buffer.byteLength(text) : text.length;
}

function recipientValue(part: ValuePart, s: Scratch): string {
  const ref = part.ref;
  let value: unknown;
  switch (ref.root) {
    case "profile":
      value = readPath(s.recipient.profile, ref.path);
      break;
    case "context":
      value = readPath(s.recipient.context, ref.path);
      break;
    case "recipient":
      value = s.recipient[ref.field];
      break;
    case "campaign":
      value = s.campaignId;
      break;
    case "unsubscribeUrl":
      // Minted here from a checked https base: a safe URL with nothing to escape.
      if (s.linksHtmlSafe && (part.escaping === "html-url" || part.escaping === "plain-url"))
        return s.unsubscribeUrl;
      value = s.unsubscribeUrl;
      break;
    case "item": {
      // Link templates: the item being resolved.
      const item = s.items[s.current];
      value =
        item === undefined ? undefined : readItem(item, s.currentIsFallback, ref.field, ref.path);
      break;
    }
    default:
      value = undefined;
  }
  return escapeValue(part, toText(value));
}

function offerValue(part: ValuePart, item: Item, entry: OfferEntry, isFallback: boolean): string {
  const ref = part.ref as Extract<ValueRef, { root: "offer" }>;
  if (part.escaping === "html-fragment" || part.escaping === "plain-fragment")
    return fillFragment(part, item, entry);
  return escapeValue(part, toText(readItem(item, isFallback, ref.field, ref.path)));
}

function escapeValue(part: ValuePart, value: string): string {
  const text = value === "" && part.fallback !== undefined ? part.fallback : value;
  switch (part.escaping) {
    case "html-text":
    case "html-attribute":
      return escapeHtmlNarrow(text);
    case "html-url":
      return escapeHtmlNarrow(safeUrl(text, part.urlUse) ?? (part.urlUse === "link" ? "#" : ""));
    case "html-url-component":
      return escapeHtmlNarrow(encodeURIComponent(text));
    case "plain-url":
      return part.ref.root === "link" ? text : (safeUrl(text, part.urlUse) ?? "");
    case "plain-url-component":
      return encodeURIComponent(text);
    default:
      return plainText(text);
  }
}

/** Offer content into a text or HTML slot: HTML sanitized (links signed per recipient), anything else escaped. */
function fillFragment(part: ValuePart, item: Item, entry: OfferEntry): string {
  const content = item.representation.content;
  const html = part.escaping === "html-fragment";
  if (item.representation.type === "html" && typeof content === "string") {
    if (!html) return plainText(offerHtmlToText(content));
    return entry.fragment?.pieces[0] ?? "";
  }
  const text = toText(content);
  return html ? escapeHtmlNarrow(text) : plainText(text);
}

function readItem(
  item: Item,
  isFallback: boolean,
  field: ItemField,
  path: readonly string[],
): unknown {
  switch (field) {
    case "name":
      return item.name;
    case "offerId":
      return item.offerId;
    case "rank":
      return "rank" in item ? item.rank : 1;
    case "isFallback":
      return isFallback;
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
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment))
      return undefined;
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
