import type {
  CompiledDecision,
  CompiledLibrary,
  CompiledScope,
} from "../../library/compiled-library.js";
import type { ScopeError } from "../../model/proposition.js";
import type { ScopeRequest } from "../../model/request.js";

export type ResolvedScope =
  | { ok: true; decision: CompiledDecision; scope: CompiledScope; itemCount: number }
  | { ok: false; error: ScopeError };

/** Stage 1: the decision must exist, be live and inside its dates, and contain the placement. */
export function resolveScope(
  library: CompiledLibrary,
  request: ScopeRequest,
  nowMs: number,
): ResolvedScope {
  const { decisionId, placementId } = request;
  const decision = library.decisions.get(decisionId);
  if (!decision) return fail(request, "DECISION_NOT_FOUND", `no decision "${decisionId}"`);
  if (decision.decision.status !== "live") {
    return fail(
      request,
      "DECISION_NOT_LIVE",
      `decision "${decisionId}" is ${decision.decision.status}, not live`,
    );
  }
  if (
    (decision.startMs !== undefined && nowMs < decision.startMs) ||
    (decision.endMs !== undefined && nowMs >= decision.endMs)
  ) {
    return fail(
      request,
      "DECISION_OUT_OF_DATES",
      `decision "${decisionId}" is not running at this time`,
    );
  }
  const scope = decision.scopes.get(placementId);
  if (!scope)
    return fail(
      request,
      "PLACEMENT_NOT_IN_DECISION",
      `decision "${decisionId}" has no scope for placement "${placementId}"`,
    );
  return { ok: true, decision, scope, itemCount: request.itemCount ?? scope.placement.itemCount };
}

function fail(request: ScopeRequest, code: ScopeError["code"], message: string): ResolvedScope {
  return {
    ok: false,
    error: { decisionId: request.decisionId, placementId: request.placementId, code, message },
  };
}
