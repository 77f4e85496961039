import type { Proposition, ScopeError } from "@offerkit/core";

/** Decisions taken on the server, shipped in the page so the browser renders them without asking again. */
export interface OfferBootstrap {
  profileId: string;
  propositions: Proposition[];
  errors: ScopeError[];
}

export const BOOTSTRAP_ELEMENT_ID = "offerkit-bootstrap";

/**
 * JSON that is safe inside a `<script type="application/json">`: `<` cannot close the tag or
 * open a comment, and U+2028/2029 are escaped for old JavaScript parsers.
 */
export function serializeBootstrap(bootstrap: OfferBootstrap): string {
  return JSON.stringify(bootstrap).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The whole script element, for server templates. */
export function bootstrapScript(bootstrap: OfferBootstrap, id = BOOTSTRAP_ELEMENT_ID): string {
  return `<script type="application/json" id="${id}">${serializeBootstrap(bootstrap)}</script>`;
}

/** Read the payload written by bootstrapScript; undefined when absent or malformed. */
export function readBootstrap(
  id = BOOTSTRAP_ELEMENT_ID,
  doc: Document | undefined = globalThis.document,
): OfferBootstrap | undefined {
  const text = doc?.getElementById(id)?.textContent;
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<OfferBootstrap>;
    if (typeof value.profileId !== "string" || !Array.isArray(value.propositions)) return undefined;
    return {
      profileId: value.profileId,
      propositions: value.propositions,
      errors: Array.isArray(value.errors) ? value.errors : [],
    };
  } catch {
    return undefined;
  }
}
