import { BodyComponent } from "mjml-core";
import { MAX_SLOT_ITEMS, type OfferSlotDeclaration, type OfferSlotLayout } from "./offer-slot.js";
import { regionEnd, regionStart } from "./region-markers.js";
import { TemplateCompileError } from "./template-compile-error.js";
import { TOKEN_PATTERN } from "./token.js";

/**
 * `<mj-offer decision="lifecycle" placement="email-grid" items="3" layout="columns">` — an offer
 * placement in MJML. Its children are the item template (tokens `{{ item.* }}`); an optional
 * `<mj-offer-fallback>` child is the template for the decision's fallback offer (default: the item
 * template). At compile time the component renders every structural variant — 1..N items and the
 * fallback — between region markers, so a send only picks a variant and fills tokens: 0, 1 or N
 * offers never leave empty boxes, and MJML never runs per recipient.
 *
 * The component class is created per compilation (it records what it saw in `slots`) and passed
 * through mjml 5's per-call `presets` option, so nothing is registered process-wide.
 */
export interface MjmlPreset {
  components: unknown[];
  dependencies: Record<string, string[]>;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const ROW_CHILDREN = ["mj-section", "mj-wrapper", "mj-hero", "mj-raw"];
const COLUMN_CHILDREN = ["mj-column", "mj-group", "mj-raw"];
const HREF = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;
const UNTRACKED_HREF = /^\s*(?:$|#|mailto:|tel:|\{\{\s*unsubscribeUrl\s*\}\})/i;

interface MjmlNode {
  tagName: string;
  attributes: Record<string, string>;
  children?: MjmlNode[];
  content?: string;
}

export function createMjOfferPreset(slots: OfferSlotDeclaration[]): MjmlPreset {
  class MjOfferFallback extends BodyComponent {
    static componentName = "mj-offer-fallback";
    static allowedAttributes = {};
    // Rendered by its parent mj-offer, never on its own.
    render(): string {
      return "";
    }
  }

  class MjOffer extends BodyComponent {
    static componentName = "mj-offer";
    static allowedAttributes = {
      decision: "string",
      placement: "string",
      items: "integer",
      layout: "enum(rows,columns)",
    };
    static override defaultAttributes = { items: "1", layout: "rows" };

    render(): string {
      const slot = this.declare();
      const children = (this.props.children ?? []) as MjmlNode[];
      const fallbackNode = children.find((c) => c.tagName === "mj-offer-fallback");
      const itemNodes = children.filter((c) => c.tagName !== "mj-offer-fallback");
      if (itemNodes.length === 0) throw slotError(slot, "has no item template");
      checkChildren(slot, itemNodes);
      const itemXml = this.renderChildren(itemNodes as [], { rawXML: true });
      let fallbackXml = itemXml;
      if (fallbackNode) {
        const fallbackChildren = fallbackNode.children ?? [];
        if (fallbackChildren.length === 0) throw slotError(slot, "has an empty mj-offer-fallback");
        checkChildren(slot, fallbackChildren);
        fallbackXml = this.renderChildren(fallbackChildren as [], { rawXML: true });
      }
      let html = "";
      for (let count = 1; count <= slot.items; count++) {
        const copies = Array.from({ length: count }, (_, item) =>
          instantiate(itemXml, slot, item),
        ).join("\n");
        html +=
          regionStart(slot.index, count) +
          this.renderMJML(wrap(slot.layout, copies)) +
          regionEnd(slot.index, count);
      }
      html +=
        regionStart(slot.index, "F") +
        this.renderMJML(wrap(slot.layout, instantiate(fallbackXml, slot, 0))) +
        regionEnd(slot.index, "F");
      return html;
    }

    private declare(): OfferSlotDeclaration {
      const decisionId = String(this.getAttribute("decision") ?? "");
      const placementId = String(this.getAttribute("placement") ?? "");
      const items = Number(this.getAttribute("items"));
      const layout = this.getAttribute("layout") as OfferSlotLayout;
      const slot: OfferSlotDeclaration = {
        index: slots.length,
        decisionId,
        placementId,
        items,
        layout,
        links: [],
      };
      if (!ID.test(decisionId))
        throw slotError(slot, `needs a decision="…" id (got ${JSON.stringify(decisionId)})`);
      if (!ID.test(placementId))
        throw slotError(slot, `needs a placement="…" id (got ${JSON.stringify(placementId)})`);
      if (!Number.isInteger(items) || items < 1 || items > MAX_SLOT_ITEMS)
        throw slotError(slot, `items must be 1..${MAX_SLOT_ITEMS}`);
      slots.push(slot);
      return slot;
    }
  }

  const itemParents = [...new Set([...ROW_CHILDREN, ...COLUMN_CHILDREN])];
  return {
    components: [MjOffer, MjOfferFallback],
    dependencies: {
      "mj-body": ["mj-offer"],
      "mj-wrapper": ["mj-offer"],
      "mj-offer": [...itemParents, "mj-offer-fallback"],
      "mj-offer-fallback": itemParents,
    },
  };
}

function checkChildren(slot: OfferSlotDeclaration, nodes: MjmlNode[]): void {
  const allowed = slot.layout === "columns" ? COLUMN_CHILDREN : ROW_CHILDREN;
  for (const node of nodes) {
    if (!allowed.includes(node.tagName)) {
      throw slotError(
        slot,
        `with layout="${slot.layout}" takes ${allowed.join(", ")} as item template, not ${node.tagName}`,
      );
    }
  }
}

function wrap(layout: OfferSlotLayout, copies: string): string {
  return layout === "columns" ? `<mj-section>${copies}</mj-section>` : copies;
}

/**
 * One copy of the item template for item `item` of `slot`: every link becomes a `$link` token
 * (one signed redirect per recipient and item), every `item.*` token an `$offer` token.
 */
function instantiate(xml: string, slot: OfferSlotDeclaration, item: number): string {
  const linked = xml.replace(
    HREF,
    (whole, prefix: string, double: string | undefined, single: string | undefined) => {
      const target = double ?? single ?? "";
      if (UNTRACKED_HREF.test(target)) return whole;
      let link = slot.links.indexOf(target);
      if (link === -1) link = slot.links.push(target) - 1;
      return `${prefix}"{{ $link.${slot.index}.${item}.${link} }}"`;
    },
  );
  return linked.replace(TOKEN_PATTERN, (whole, inner: string) => {
    const rewritten = inner.replace(
      /^(\s*)item(?=$|[.\s|])/,
      (_m, space: string) => `${space}$offer.${slot.index}.${item}`,
    );
    return rewritten === inner ? whole : `{{${rewritten}}}`;
  });
}

function slotError(slot: OfferSlotDeclaration, message: string): TemplateCompileError {
  return new TemplateCompileError(`mj-offer #${slot.index + 1} ${message}`, [
    { path: ["mj-offer", slot.index], message },
  ]);
}
