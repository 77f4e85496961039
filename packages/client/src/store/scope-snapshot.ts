import type { Proposition } from "@offerkit/core";
import type { OfferkitClientError } from "../errors/offerkit-client-error.js";

/**
 * What a slot shows for one scope. "fallback" means the engine answered with the decision's
 * fallback offer (nothing qualified); "error" means there is no answer to show at all, and the
 * host's own fallback content should appear. Loading is distinct from both, so a first frame
 * never shows a wrong offer.
 */
export type ScopeSnapshot =
  | { status: "loading"; proposition: undefined; error: undefined }
  | { status: "ready"; proposition: Proposition; error: undefined }
  | { status: "fallback"; proposition: Proposition; error: undefined }
  | { status: "error"; proposition: undefined; error: OfferkitClientError };

export type ScopeStatus = ScopeSnapshot["status"];

export const LOADING: ScopeSnapshot = {
  status: "loading",
  proposition: undefined,
  error: undefined,
};

export function snapshotOf(proposition: Proposition): ScopeSnapshot {
  if (proposition.items.length > 0) return { status: "ready", proposition, error: undefined };
  return { status: "fallback", proposition, error: undefined };
}

export function errorSnapshot(error: OfferkitClientError): ScopeSnapshot {
  return { status: "error", proposition: undefined, error };
}
