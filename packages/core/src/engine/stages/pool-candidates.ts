import type { CounterCheck } from "../../caps/counter-store.js";
import type { CapRule } from "../../model/cap-rule.js";
import type {
  CompiledCriterion,
  CompiledGroup,
  CompiledOffer,
} from "../../library/compiled-library.js";
import type { ScoreParts } from "../../model/trace.js";
import type { Drop, RequestState } from "../request-state.js";
import type { TraceRecorder } from "../trace-recorder.js";
import type { ScoreSource } from "../../learning/thompson-selection.js";
import { gateOffer } from "./gate-offer.js";
import { learnedReach, type LearnedReach } from "./score-learned.js";

export interface Candidate {
  offer: CompiledOffer;
  score: number;
  parts: ScoreParts;
  /** Decision-cap checks to reserve if this offer is placed (filled by the cap stage). */
  reserve: { check: CounterCheck; cap: CapRule }[];
  /** Learned criteria that reached it; scored by score-learned.ts once the arms are read. */
  learned?: LearnedReach[];
  /** How its score arose, for the propensity estimate (set for learned scores). */
  source?: ScoreSource;
  /** Value of the segmentBy attribute of the arm behind its score. */
  segment?: string | undefined;
  /** Monte Carlo draws its criterion asks for. */
  draws?: number;
  /** Probability the policy chooses it (set for placed items; 1 when unset). */
  propensity?: number;
}

/**
 * Stages 2 and 3 for one criteria group: every criterion's qualifying members are scored and pooled;
 * an offer reached through several criteria keeps its highest score.
 */
export function poolCandidates(
  state: RequestState,
  group: CompiledGroup,
  groupIndex: number,
  placementId: string,
  trace: TraceRecorder | undefined,
): Candidate[] {
  const pool = new Map<number, Candidate>();
  for (const criterion of group.criteria) {
    // With explain every member is visited so the trace can say why each one dropped.
    const members = state.explain
      ? criterion.members
      : criterion.eligibilityIndex.candidates(state.frame);
    for (const offer of members) {
      const drop =
        gateOffer(state, offer, placementId) ?? criterionRuleDrop(state, criterion, offer);
      if (drop) {
        trace?.drop(
          groupIndex,
          criterion.index,
          offer.id,
          drop.stage,
          drop.reason,
          drop.expression === undefined ? {} : { expression: drop.expression },
        );
        continue;
      }
      const ranking = criterion.ranking;
      if (ranking.method === "thompson" || ranking.method === "arbitration") {
        // Scored after pooling, with every arm of the pool read at once (score-learned.ts).
        const reach = learnedReach(state, criterion, ranking, offer);
        if (!reach.ok) {
          trace?.drop(groupIndex, criterion.index, offer.id, "rule-error", reach.error, {
            expression: reach.expression,
          });
          continue;
        }
        let candidate = pool.get(offer.index);
        if (!candidate) {
          candidate = {
            offer,
            score: Number.NEGATIVE_INFINITY,
            parts: {
              method: ranking.method,
              priority: offer.priority,
              criterionIndex: criterion.index,
            },
            reserve: [],
          };
          pool.set(offer.index, candidate);
        }
        (candidate.learned ??= []).push(reach.reach);
        trace?.drop(groupIndex, criterion.index, offer.id, "selected", "pooled");
        continue;
      }
      const scored = score(state, criterion, offer);
      if (!scored.ok) {
        trace?.drop(
          groupIndex,
          criterion.index,
          offer.id,
          "rule-error",
          `ranking formula failed: ${scored.error}`,
          { expression: scored.expression },
        );
        continue;
      }
      const existing = pool.get(offer.index);
      if (!existing || scored.value > existing.score) {
        pool.set(offer.index, {
          offer,
          score: scored.value,
          parts: scored.parts,
          reserve: [],
          ...(existing?.learned ? { learned: existing.learned } : {}),
        });
      }
      trace?.drop(groupIndex, criterion.index, offer.id, "selected", "pooled");
    }
  }
  const candidates = [...pool.values()];
  if (trace)
    for (const c of candidates)
      trace.set(groupIndex, c.offer.id, "selected", "pooled", {
        score: c.score,
        scoreParts: c.parts,
      });
  return candidates;
}

export function criterionRuleDrop(
  state: RequestState,
  criterion: CompiledCriterion,
  offer: CompiledOffer,
): Drop | null {
  if (!criterion.rule) return null;
  if (criterion.ruleReadsOffer) return evaluateCriterionRule(state, criterion, offer);
  // A rule about the request only (e.g. "engaged customer") has one outcome for every member.
  let drop = state.criterionMemo.get(criterion);
  if (drop === undefined) {
    drop = evaluateCriterionRule(state, criterion, offer);
    state.criterionMemo.set(criterion, drop);
  }
  return drop;
}

function evaluateCriterionRule(
  state: RequestState,
  criterion: CompiledCriterion,
  offer: CompiledOffer,
): Drop | null {
  const rule = criterion.rule!;
  const result = rule.evaluate(state.frame, offer.view);
  const expression = state.explain ? { expression: rule.explain(state.frame, offer.view) } : {};
  if (!result.ok)
    return {
      stage: "rule-error" as const,
      reason: `criterion rule failed: ${result.error}`,
      ...expression,
    };
  if (result.value) return null;
  return {
    stage: "criterion-rule" as const,
    reason: `rule of criterion ${criterion.index} is false`,
    ...expression,
  };
}

export function score(
  state: RequestState,
  criterion: CompiledCriterion,
  offer: CompiledOffer,
):
  | { ok: true; value: number; parts: ScoreParts }
  | { ok: false; error: string; expression: string } {
  const ranking = criterion.ranking;
  if (ranking.method === "priority") {
    return {
      ok: true,
      value: offer.priority,
      parts: { method: "priority", priority: offer.priority, criterionIndex: criterion.index },
    };
  }
  // Learned rankings are scored by score-learned.ts and never reach here (no best-first walk).
  if (ranking.method !== "formula")
    return {
      ok: false,
      error: `${ranking.method} ranking is scored after pooling`,
      expression: "",
    };
  const formula = ranking.formula;
  const result = formula.evaluate(state.frame, offer.view);
  if (!result.ok) return { ok: false, error: result.error, expression: formula.source };
  return {
    ok: true,
    value: result.value,
    parts: {
      method: "formula",
      priority: offer.priority,
      formula: result.value,
      criterionIndex: criterion.index,
    },
  };
}
