import { OfferkitError, type DecisionStatus, type OfferStatus } from "@offerkit/core";
import type { DecisionTransition, OfferTransition } from "../types.js";

interface Transition<S extends string> {
  from: readonly S[];
  to: S;
}

export const OFFER_TRANSITIONS: Record<OfferTransition, Transition<OfferStatus>> = {
  approve: { from: ["draft"], to: "approved" },
  unapprove: { from: ["approved"], to: "draft" },
  archive: { from: ["draft", "approved"], to: "archived" },
};

export const DECISION_TRANSITIONS: Record<DecisionTransition, Transition<DecisionStatus>> = {
  "go-live": { from: ["draft"], to: "live" },
  complete: { from: ["live"], to: "complete" },
  archive: { from: ["draft", "live", "complete"], to: "archived" },
  draft: { from: ["live", "complete", "archived"], to: "draft" },
};

/** The status after `action`, or CONFLICT naming the statuses it is allowed from. */
export function nextStatus<A extends string, S extends string>(
  table: Record<A, Transition<S>>,
  action: string,
  current: S,
  noun: string,
): S {
  if (!Object.hasOwn(table, action)) {
    throw new OfferkitError("VALIDATION_FAILED", `unknown ${noun} transition "${action}"`, {
      issues: [{ path: ["action"], message: `must be one of ${Object.keys(table).join(", ")}` }],
    });
  }
  const transition = table[action as A];
  if (!transition.from.includes(current)) {
    throw new OfferkitError(
      "CONFLICT",
      `cannot ${action} a ${current} ${noun}: allowed from ${transition.from.join(" or ")}`,
      { issues: [{ path: ["status"], message: `is ${current}` }] },
    );
  }
  return transition.to;
}
