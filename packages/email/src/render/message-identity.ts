import { hash } from "node:crypto";

/**
 * A message's identity is a pure function of (campaign, recipient): re-rendering the same
 * recipient of the same campaign — after a crash, on a retry — yields the same key, Message-ID and
 * event ids, which is what makes resends recognisable and events idempotent.
 */
export function messageKey(campaignId: string, recipientId: string): string {
  // The first 22 base64url characters (132 bits) of SHA-256(campaign NUL recipient), in one native call.
  return hash("sha256", `${campaignId}\u0000${recipientId}`, "base64url").slice(0, 22);
}

export function messageIdFor(key: string, domain: string): string {
  return `<${key}@${domain}>`;
}

/**
 * Event ids (≤ 128 chars as the event model requires) for one offer shown in / clicked from one
 * message: the message key (unique per campaign × recipient), the proposition and the offer; when
 * that is too long, a 64-bit FNV-1a of proposition and offer (a clash would need two offers of one
 * message to collide).
 */
export function emailEventId(
  kind: "display" | "click",
  key: string,
  propositionId: string,
  offerId: string,
): string {
  const id = `email-${kind}-${key}-${propositionId}-${offerId}`;
  // Ids are plain when they fit (the usual case: uuid proposition ids, short offer ids).
  return id.length <= 128
    ? id
    : `email-${kind}-${key}-${fnv1a64(`${propositionId}\u0000${offerId}`)}`;
}

function fnv1a64(text: string): string {
  // Two 32-bit lanes with different offsets stand in for one 64-bit FNV-1a (no BigInt on the hot path).
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 7);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}
