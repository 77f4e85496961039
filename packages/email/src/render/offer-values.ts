import type { JsonValue, Representation } from "@offerkit/core";
import type { TemplatePart } from "../template/compiled-template.js";
import { sanitizeOfferHtml } from "./offer-content.js";

/**
 * What a send computes about one offer's content once, however many recipients see it: escaped
 * fields, the sanitized offer HTML (split at its anchors, which are signed per recipient) and
 * resolved link targets. Keyed by the engine's representation object, which is the same object
 * for every decision of one library version — so a new library version starts afresh, and the
 * cache goes when that version is collected. Responses from a remote decider (fresh objects each
 * time) simply get no reuse.
 */
export interface OfferValues {
  /** Escaped value by (field, path, escaping, fallback). */
  values: Map<string, string>;
  /** Click targets of offer-only link templates. */
  linkTargets: Map<readonly TemplatePart[], string>;
  /** Sanitized offer HTML: pieces around the anchors' hrefs (pieces.length = hrefs.length + 1). */
  fragment: { pieces: string[]; hrefs: string[] } | undefined;
}

const byRepresentation = new WeakMap<Representation, OfferValues>();
// The same representation object always belongs to the same offer, so its attributes come along.
const attributesOf = new WeakMap<OfferValues, Record<string, JsonValue>>();

export function offerValues(representation: Representation, attributes: Record<string, JsonValue>): OfferValues {
  let values = byRepresentation.get(representation);
  if (values !== undefined && attributesOf.get(values) === attributes) return values;
  values = { values: new Map(), linkTargets: new Map(), fragment: fragmentOf(representation) };
  byRepresentation.set(representation, values);
  attributesOf.set(values, attributes);
  return values;
}

function fragmentOf(representation: Representation): OfferValues["fragment"] {
  if (representation.type !== "html" || typeof representation.content !== "string") return undefined;
  const pieces: string[] = [""];
  const hrefs: string[] = [];
  for (const part of sanitizeOfferHtml(representation.content)) {
    if (typeof part === "string") pieces[pieces.length - 1] += part;
    else {
      hrefs.push(part.href);
      pieces.push("");
    }
  }
  return { pieces, hrefs };
}
