/** One "stop sending me this" from a recipient (one-click unsubscribe, or a complaint/bounce import). */
export interface Suppression {
  recipientId: string;
  /** The mailing list left; undefined = every marketing message. */
  listId?: string | undefined;
  /** Campaign whose message carried the link (for reporting). */
  campaignId: string;
}

/**
 * Where unsubscribes are kept and what sendCampaign consults before rendering (`isSuppressed`).
 * The decision server's SQL store implements it; `add` is idempotent.
 */
export interface SuppressionList {
  /** True when this call stored it, false when it was already there. */
  add(suppression: Suppression): Promise<boolean>;
  /** Suppressed for this list, or for everything. */
  isSuppressed(recipientId: string, listId?: string): Promise<boolean>;
}
