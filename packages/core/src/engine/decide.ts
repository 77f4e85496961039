import { escapeKeyPart } from "../caps/counter-key.js";
import type { CounterStore } from "../caps/counter-store.js";
import type { CompiledLibrary } from "../library/compiled-library.js";
import type { DecisionEvent } from "../model/event.js";
import type { DecisionResponse, Proposition, ScopeError } from "../model/proposition.js";
import { MAX_ITEMS_PER_REQUEST } from "../model/placement.js";
import type { DecisionRequest } from "../model/request.js";
import type { ScopeTrace } from "../model/trace.js";
import type { IdGenerator } from "../util/ids.js";
import type { RandomSource } from "../util/seeded-random.js";
import { ProfileFrameInput } from "../rules/profile-frame-input.js";
import type { RequestState } from "./request-state.js";
import { resolveScope } from "./stages/resolve-scope.js";
import { decideScope } from "./decide-scope.js";

export interface DecideDependencies {
  counters: CounterStore;
  newId: IdGenerator;
  now: Date;
  /** Source of learned rankings' draws; Math.random when not given. */
  random?: RandomSource;
  /** What decision events keep of the request (see DecisionEngineOptions.decisionEventProfile). */
  decisionEventProfile?: DecisionEventProfile;
}

/**
 * "full": decision events carry the request's profile attributes and context, which offline replay
 * needs to decide the same request again. "none": only ids, items, scores and propensities (data
 * minimisation; replay skips such events).
 */
export type DecisionEventProfile = "full" | "none";

/**
 * The decision pipeline, as DESIGN.md states it. For each requested scope, in request order:
 *  1. resolve the decision (exists, live, in its dates, has the placement) — else a scope error;
 *  2. walk its criteria groups in order; candidates pass status, dates, placement, eligibility,
 *     criterion rule and caps; criteria of a group are pooled, keeping an offer's highest score;
 *  3. rank by score, priority, id (or a seeded tie-break);
 *  4. place until itemCount, skipping offers placed earlier in this scope or, without duplicates,
 *     in earlier scopes;
 *  5. nothing placed → the decision's fallback;
 *  6. unless dry-run, decision caps were reserved while placing, and a decision event is emitted;
 *  7. with explain, a trace of every candidate.
 */
export async function decide(
  library: CompiledLibrary,
  request: DecisionRequest,
  deps: DecideDependencies,
): Promise<{ response: DecisionResponse; events: DecisionEvent[] }> {
  const state = startRequest(library, request, deps);
  const propositions: Proposition[] = [];
  const errors: ScopeError[] = [];
  const traces: ScopeTrace[] = [];

  for (const scopeRequest of request.scopes) {
    const resolved = resolveScope(library, scopeRequest, state.nowMs);
    if (!resolved.ok) {
      errors.push(resolved.error);
      if (state.explain)
        traces.push({
          decisionId: scopeRequest.decisionId,
          placementId: scopeRequest.placementId,
          candidates: [],
          outcome: "error",
        });
      continue;
    }
    const { proposition, trace } = await decideScope(state, resolved);
    propositions.push(proposition);
    if (trace) traces.push(trace);
  }

  const response: DecisionResponse = {
    requestId: deps.newId(),
    libraryVersion: library.version,
    propositions,
    errors,
  };
  if (state.explain)
    response.trace = { libraryVersion: library.version, now: isoTime(state.nowMs), scopes: traces };
  const events = state.dryRun ? [] : propositions.map((p) => decisionEvent(state, p));
  return { response, events };
}

function startRequest(
  library: CompiledLibrary,
  request: DecisionRequest,
  deps: DecideDependencies,
): RequestState {
  const now = request.options.now === undefined ? deps.now : new Date(request.options.now);
  const seed = request.options.randomTieBreakSeed;
  return {
    library,
    request,
    frame: library.runtime.createFrame(
      new ProfileFrameInput(request.profile.id, request.profile.attributes, request.context, now),
    ),
    now,
    nowMs: now.getTime(),
    profileId: request.profile.id,
    capProfileKey: escapeKeyPart(request.profile.id),
    eventProfile: deps.decisionEventProfile ?? "full",
    dryRun: request.options.dryRun,
    explain: request.options.explain,
    allowDuplicates: allowDuplicates(library, request),
    tieBreakSeed: seed === undefined ? undefined : String(seed),
    counters: deps.counters,
    newId: deps.newId,
    random: deps.random ?? Math.random,
    usedAcrossScopes: new Set(),
    gateMemo: new Map(),
    criterionMemo: new Map(),
    remainingItems: MAX_ITEMS_PER_REQUEST,
  };
}

/** Duplicates are disallowed if the request says so or any requested placement's default says so. */
function allowDuplicates(library: CompiledLibrary, request: DecisionRequest): boolean {
  if (request.options.allowDuplicates === false) return false;
  return request.scopes.every(
    (s) => library.placements.get(s.placementId)?.allowDuplicates !== false,
  );
}

/** The item count the request asked for in this scope, when it asked (replay repeats it). */
function itemCountOf(state: RequestState, p: Proposition): { itemCount?: number } {
  const itemCount = state.request.scopes.find(
    (s) => s.decisionId === p.decisionId && s.placementId === p.placementId,
  )?.itemCount;
  return itemCount === undefined ? {} : { itemCount };
}

function decisionEvent(state: RequestState, p: Proposition): DecisionEvent {
  return {
    id: state.newId(),
    type: "decision",
    timestamp: isoTime(state.nowMs),
    profileId: state.profileId,
    propositionId: p.id,
    decisionId: p.decisionId,
    placementId: p.placementId,
    items: p.items.map((i) => ({
      offerId: i.offerId,
      score: i.score,
      propensity: i.propensity,
      ...(i.segment === undefined ? {} : { segment: i.segment }),
    })),
    ...(p.fallback ? { fallbackOfferId: p.fallback.offerId } : {}),
    libraryVersion: state.library.version,
    ...(p.holdout ? { holdout: true as const } : {}),
    // What replay needs to decide this request again (references, not copies), unless switched off.
    ...(state.eventProfile === "none"
      ? {}
      : { profileAttributes: state.request.profile.attributes, context: state.request.context }),
    ...itemCountOf(state, p),
  };
}

/** Requests on a busy engine share a clock reading's ISO text (formatting it is not free). */
let lastIso = { ms: Number.NaN, text: "" };
function isoTime(ms: number): string {
  if (lastIso.ms !== ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}
