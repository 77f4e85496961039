import type { CompiledDecision } from "../../library/compiled-library.js";
import { isHeldOut } from "../../learning/holdout.js";
import type { Proposition } from "../../model/proposition.js";
import { buildProposition } from "./build-proposition.js";

/**
 * Holdout, decided before any candidate is considered: a stable share of profiles (hash of decision
 * id and profile id, see learning/holdout.ts) gets the decision's fallback — or, with
 * serve "nothing", an empty proposition marked `holdout: true` (the one documented exception to
 * "items or fallback"). Undefined when the profile is not held out.
 */
export function holdoutProposition(
  id: string,
  decision: CompiledDecision,
  placementId: string,
  profileId: string,
  locale: string | undefined,
): Proposition | undefined {
  const holdout = decision.decision.holdout;
  if (holdout === undefined || !isHeldOut(decision.decision.id, profileId, holdout.percent))
    return undefined;
  if (holdout.serve === "nothing") {
    return {
      id,
      decisionId: decision.decision.id,
      placementId,
      reason: "holdout",
      items: [],
      holdout: true,
    };
  }
  return { ...buildProposition(id, decision, placementId, [], locale), holdout: true };
}
