/** One `<mj-offer>` of a template: a scope to decide (decision × placement × item count). */
export interface OfferSlotDeclaration {
  /** Position in document order; tokens refer to it. */
  index: number;
  decisionId: string;
  placementId: string;
  /** Most items the slot shows; the engine may return fewer. */
  items: number;
  layout: OfferSlotLayout;
  /**
   * Link templates found in the item (and fallback) markup, item-relative (`{{ item.link }}`,
   * `https://shop.example/p/{{ item.offerId }}`); each becomes a signed click redirect per recipient.
   */
  links: string[];
}

/** rows: the item template is one or more sections, repeated; columns: columns inside one section. */
export type OfferSlotLayout = "rows" | "columns";

export const MAX_SLOT_ITEMS = 30;
