import type { Suppression, SuppressionList } from "@offerkit/email/tracking";
import type { SqlClient } from "../types.js";

/** Every list (no list id in the unsubscribe link). */
const ALL_LISTS = "";

/**
 * Email suppressions (RFC 8058 one-click unsubscribes) in the server's database, same SQL on PGlite
 * and PostgreSQL. sendCampaign consults it through `isSuppressed` before rendering a recipient.
 */
export class SqlSuppressionStore implements SuppressionList {
  constructor(
    private readonly sql: SqlClient,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Idempotent: a second unsubscribe of the same recipient from the same list changes nothing. */
  async add(suppression: Suppression): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO email_suppressions (recipient_id, list_id, campaign_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (recipient_id, list_id) DO NOTHING RETURNING recipient_id`,
      [
        suppression.recipientId,
        suppression.listId ?? ALL_LISTS,
        suppression.campaignId,
        this.clock(),
      ],
    );
    return rows.length === 1;
  }

  async isSuppressed(recipientId: string, listId?: string): Promise<boolean> {
    const rows = await this.sql.query(
      "SELECT 1 FROM email_suppressions WHERE recipient_id = $1 AND list_id IN ($2, $3) LIMIT 1",
      [recipientId, ALL_LISTS, listId ?? ALL_LISTS],
    );
    return rows.length > 0;
  }
}
