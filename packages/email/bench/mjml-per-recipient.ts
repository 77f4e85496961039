import { htmlToText } from "html-to-text";
import mjml2html from "mjml";
import type { Proposition } from "@offerkit/core";
import { escapeHtml, type EmailLinks, type OfferDecider, type Recipient } from "../src/index.js";

/**
 * The approach offerkit replaces, for the baseline: per recipient, decide, write the values into
 * the MJML (each <mj-offer> expanded to the chosen items), run mjml2html, convert to text.
 * Links are signed the same way, so both sides produce equivalent messages.
 */
export async function renderWithMjmlPerRecipient(
  source: string,
  recipient: Recipient,
  decider: OfferDecider,
  links: EmailLinks,
): Promise<{ html: string; text: string }> {
  const offers = [...source.matchAll(/<mj-offer\s+([^>]*)>([\s\S]*?)<\/mj-offer>/g)];
  const scopes = offers.map((m) => ({
    decisionId: /decision="([^"]+)"/.exec(m[1]!)![1]!,
    placementId: /placement="([^"]+)"/.exec(m[1]!)![1]!,
    itemCount: Number(/items="(\d+)"/.exec(m[1]!)?.[1] ?? "1"),
  }));
  const response = await decider.decide({
    profile: { id: recipient.id, attributes: recipient.profile ?? {} },
    context: { channel: "email", ...recipient.context },
    scopes,
    options: { dryRun: true },
  });
  let mjml = source;
  for (const [index, match] of offers.entries()) {
    const proposition = response.propositions[index];
    const columns = /layout="columns"/.test(match[1]!);
    const itemTemplate = match[2]!.replace(/<mj-offer-fallback>[\s\S]*?<\/mj-offer-fallback>/, "");
    const items = proposition ? itemsOf(proposition) : [];
    const copies = await Promise.all(
      items.map((item) => fillItem(itemTemplate, item, proposition!, recipient, links)),
    );
    const expanded =
      copies.length === 0
        ? ""
        : columns
          ? `<mj-section>${copies.join("")}</mj-section>`
          : copies.join("");
    mjml = mjml.replace(match[0], () => expanded);
  }
  const unsubscribe = await links.unsubscribeUrl({ r: recipient.id, c: "bench" });
  mjml = mjml.replace(
    /\{\{\s*([^}|]+?)\s*(?:\|\s*default:\s*"([^"]*)")?\s*\}\}/g,
    (_whole, path: string, fallback: string | undefined) => {
      if (path === "unsubscribeUrl") return escapeHtml(unsubscribe);
      const value = read(recipient, path);
      return escapeHtml(value === undefined || value === "" ? (fallback ?? "") : String(value));
    },
  );
  const { html } = await mjml2html(mjml, { keepComments: false, fonts: {} });
  const text = htmlToText(html, {
    wordwrap: false,
    selectors: [{ selector: "img", format: "skip" }],
  });
  return { html, text };
}

type Item = Proposition["items"][number] | NonNullable<Proposition["fallback"]>;

function itemsOf(proposition: Proposition): Item[] {
  return proposition.items.length > 0
    ? proposition.items
    : proposition.fallback
      ? [proposition.fallback]
      : [];
}

async function fillItem(
  template: string,
  item: Item,
  proposition: Proposition,
  recipient: Recipient,
  links: EmailLinks,
): Promise<string> {
  const link = item.representation.linkUrl
    ? await links.clickUrl({
        r: recipient.id,
        c: "bench",
        u: item.representation.linkUrl,
        o: [proposition.id, proposition.decisionId, proposition.placementId, item.offerId],
      })
    : "#";
  return template.replace(
    /\{\{\s*item\.([A-Za-z.]+)\s*(\|\s*html\s*)?\}\}/g,
    (_whole, field: string, html: string | undefined) => {
      if (field === "link") return escapeHtml(link);
      if (field === "content")
        return html
          ? String(item.representation.content ?? "")
          : escapeHtml(String(item.representation.content ?? ""));
      if (field === "name") return escapeHtml(item.name);
      if (field === "offerId") return encodeURIComponent(item.offerId);
      return "";
    },
  );
}

function read(recipient: Recipient, path: string): unknown {
  const [root, ...rest] = path.split(".");
  let value: unknown =
    root === "profile"
      ? recipient.profile
      : root === "context"
        ? recipient.context
        : root === "recipient"
          ? recipient
          : undefined;
  for (const key of rest)
    value =
      typeof value === "object" && value !== null
        ? (value as Record<string, unknown>)[key]
        : undefined;
  return value;
}
