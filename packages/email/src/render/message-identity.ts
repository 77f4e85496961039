import { createHash } from "node:crypto";

/**
 * A message's identity is a pure function of (campaign, recipient): re-rendering the same
 * recipient of the same campaign — after a crash, on a retry — yields the same key, Message-ID and
 * event ids, which is what makes resends recognisable and events idempotent.
 */
export function messageKey(campaignId: string, recipientId: string): string {
  return createHash("sha256").update(`${campaignId}\u0000${recipientId}`).digest("base64url").slice(0, 22);
}

export function messageIdFor(key: string, domain: string): string {
  return `<${key}@${domain}>`;
}

/** Event ids (≤ 128 chars as the event model requires) for one offer shown in / clicked from one message. */
export function emailEventId(kind: "display" | "click", key: string, propositionId: string, offerId: string): string {
  const digest = createHash("sha256").update(`${key}\u0000${propositionId}\u0000${offerId}`).digest("base64url").slice(0, 32);
  return `email-${kind}-${digest}`;
}
