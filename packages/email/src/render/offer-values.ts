import type { Representation } from "@offerkit/core";
import { narrowHtml, oneByte } from "./escape.js";
import { sanitizeOfferHtml } from "./offer-content.js";

/**
 * Sanitized offer HTML split at its anchors' hrefs (signed per recipient): pieces.length =
 * hrefs.length + 1. Computed once per representation object — the engine hands out the same object
 * for every decision of one library version, so a new version starts afresh and the entry goes when
 * that version is collected. Responses from a remote decider (fresh objects each time) still hit
 * sanitizeOfferHtml's cache by content.
 */
export interface OfferFragment {
  pieces: string[];
  hrefs: string[];
  /** UTF-8 bytes of all pieces. */
  piecesBytes: number;
}

const byRepresentation = new WeakMap<Representation, OfferFragment | null>();

export function offerFragment(representation: Representation): OfferFragment | undefined {
  let fragment = byRepresentation.get(representation);
  if (fragment === undefined) {
    fragment = fragmentOf(representation) ?? null;
    byRepresentation.set(representation, fragment);
  }
  return fragment ?? undefined;
}

function fragmentOf(representation: Representation): OfferFragment | undefined {
  if (representation.type !== "html" || typeof representation.content !== "string")
    return undefined;
  const pieces: string[] = [""];
  const hrefs: string[] = [];
  for (const part of sanitizeOfferHtml(representation.content)) {
    if (typeof part === "string") pieces[pieces.length - 1] += part;
    else {
      hrefs.push(part.href);
      pieces.push("");
    }
  }
  // One-byte flat copies: the pieces go into every message that shows this offer.
  for (let i = 0; i < pieces.length; i++) pieces[i] = oneByte(narrowHtml(pieces[i]!));
  return {
    pieces,
    hrefs,
    piecesBytes: pieces.reduce((n, piece) => n + Buffer.byteLength(piece), 0),
  };
}
