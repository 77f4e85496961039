import type { CompiledCriterion, CompiledOffer } from "../../library/compiled-library.js";
import type { CompiledLearnedRanking } from "../../library/compiled-learning.js";
import { arbitrationScore } from "../../learning/arbitration-score.js";
import {
  posteriorOf,
  readArmCounts,
  segmentValueOf,
  type ArmKey,
} from "../../learning/bandit-arm.js";
import { sampleBeta } from "../../learning/beta-sampler.js";
import type { ScoreSource } from "../../learning/thompson-selection.js";
import type { ScoreParts } from "../../model/trace.js";
import type { RequestState } from "../request-state.js";
import type { TraceRecorder } from "../trace-recorder.js";
import type { Candidate } from "./pool-candidates.js";

/**
 * One way a learned (thompson / arbitration) criterion reached a pooled offer. Its request-time
 * parts (arbitration value, levers, expression propensity, segment) are evaluated while pooling; the
 * bandit draw needs the arm counts, read for the whole pool at once by scoreLearned.
 */
export interface LearnedReach {
  readonly criterionIndex: number;
  readonly ranking: CompiledLearnedRanking;
  readonly segment: string | undefined;
  /** value × levers (1 for thompson). */
  readonly factor: number;
  /** Arbitration with an expression propensity: the whole score, no bandit involved. */
  readonly fixedPropensity: number | undefined;
  readonly value: number | undefined;
  readonly levers: number | undefined;
}

type ReachResult =
  | { ok: true; reach: LearnedReach }
  | { ok: false; error: string; expression: string };

/** Evaluates a learned criterion's request-time parts for one offer (pooling stage). */
export function learnedReach(
  state: RequestState,
  criterion: CompiledCriterion,
  ranking: CompiledLearnedRanking,
  offer: CompiledOffer,
): ReachResult {
  const segmentBy = ranking.learned.segmentBy;
  const segment =
    segmentBy === undefined
      ? undefined
      : segmentValueOf(state.request.profile.attributes, segmentBy);
  if (ranking.method === "thompson") {
    return {
      ok: true,
      reach: {
        criterionIndex: criterion.index,
        ranking,
        segment,
        factor: 1,
        fixedPropensity: undefined,
        value: undefined,
        levers: undefined,
      },
    };
  }
  const evaluate = (e: typeof ranking.value) =>
    e === undefined ? { ok: true as const, value: undefined } : e.evaluate(state.frame, offer.view);
  const value = evaluate(ranking.value);
  if (!value.ok)
    return {
      ok: false,
      error: `arbitration value failed: ${value.error}`,
      expression: ranking.value?.source ?? "",
    };
  const levers = evaluate(ranking.levers);
  if (!levers.ok)
    return {
      ok: false,
      error: `arbitration levers failed: ${levers.error}`,
      expression: ranking.levers?.source ?? "",
    };
  let fixedPropensity: number | undefined;
  if (ranking.propensity !== "model") {
    const p = ranking.propensity.evaluate(state.frame, offer.view);
    if (!p.ok)
      return {
        ok: false,
        error: `arbitration propensity failed: ${p.error}`,
        expression: ranking.propensity.source,
      };
    fixedPropensity = p.value;
  }
  const checked = arbitrationScore({
    value: value.value,
    propensity: fixedPropensity ?? 0.5,
    levers: levers.value,
  });
  if (!checked.ok) return { ok: false, error: `arbitration: ${checked.error}`, expression: "" };
  return {
    ok: true,
    reach: {
      criterionIndex: criterion.index,
      ranking,
      segment,
      factor: checked.value * checked.levers,
      fixedPropensity,
      value: value.value,
      levers: levers.value,
    },
  };
}

/**
 * Learned scores for a group's pool: every arm the pool needs is read in one `counts()` call, each
 * reach draws its score (scale · θ with θ ~ Beta posterior, or the fixed arbitration score), and a
 * candidate keeps its highest score across criteria. Each candidate remembers the ScoreSource of
 * its winning reach so the propensity stage can re-simulate the draw.
 */
export async function scoreLearned(
  state: RequestState,
  candidates: Candidate[],
  placementId: string,
  groupIndex: number,
  trace: TraceRecorder | undefined,
): Promise<Candidate[]> {
  const arms: ArmKey[] = [];
  const armIndex = new Map<string, number>();
  const armOf = (offerId: string, segment: string | undefined) => {
    const key = `${offerId}\u0000${segment ?? "\u0001"}`;
    let i = armIndex.get(key);
    if (i === undefined) {
      i = arms.length;
      armIndex.set(key, i);
      arms.push({ offerId, placementId, segment });
    }
    return i;
  };
  for (const c of candidates)
    for (const r of c.learned ?? [])
      if (r.fixedPropensity === undefined) armOf(c.offer.id, r.segment);
  const counts = await readArmCounts(state.counters, arms);

  for (const c of candidates) {
    if (!c.learned) continue;
    for (const r of c.learned) {
      let source: ScoreSource;
      let parts: ScoreParts;
      const base = {
        method: r.ranking.method,
        priority: c.offer.priority,
        criterionIndex: r.criterionIndex,
      };
      const arbitration =
        r.ranking.method === "arbitration" ? { value: r.value ?? 1, levers: r.levers ?? 1 } : {};
      let score: number;
      if (r.fixedPropensity !== undefined) {
        score = r.factor * r.fixedPropensity;
        source = { kind: "fixed", score };
        parts = { ...base, ...arbitration, clickPropensity: r.fixedPropensity };
      } else {
        const arm = counts[armOf(c.offer.id, r.segment)]!;
        const posterior = posteriorOf(arm, r.ranking.learned.prior);
        const theta = sampleBeta(state.random, posterior.alpha, posterior.beta);
        score = r.factor * theta;
        source = { kind: "beta", alpha: posterior.alpha, beta: posterior.beta, scale: r.factor };
        parts = {
          ...base,
          ...arbitration,
          clickPropensity: theta,
          arm: {
            displays: arm.displays,
            interactions: arm.interactions,
            alpha: posterior.alpha,
            beta: posterior.beta,
            ...(r.segment === undefined ? {} : { segment: r.segment }),
          },
        };
      }
      if (score > c.score) {
        c.score = score;
        c.parts = parts;
        c.source = source;
        c.segment = r.segment;
        c.draws = r.ranking.learned.propensityDraws;
      }
    }
    trace?.set(groupIndex, c.offer.id, "selected", "pooled", {
      score: c.score,
      scoreParts: c.parts,
    });
  }
  return candidates;
}
