import type { ScopeTrace, TraceCandidate, TraceStage } from "../model/trace.js";

export type TraceDetail = Omit<
  TraceCandidate,
  "offerId" | "groupIndex" | "criteria" | "stage" | "reason"
>;

/**
 * Collects the explain trace of one scope. Only allocated when the request asks for `explain`, so the
 * hot path pays nothing for it. One entry per (group, offer): the first stage that dropped it wins.
 */
export class TraceRecorder {
  private readonly entries = new Map<string, TraceCandidate>();

  constructor(
    private readonly decisionId: string,
    private readonly placementId: string,
  ) {}

  drop(
    groupIndex: number,
    criterionIndex: number,
    offerId: string,
    stage: TraceStage,
    reason: string,
    detail: TraceDetail = {},
  ): void {
    const key = `${groupIndex}\u0000${offerId}`;
    const existing = this.entries.get(key);
    if (existing) {
      if (!existing.criteria.includes(criterionIndex)) existing.criteria.push(criterionIndex);
      return;
    }
    this.entries.set(key, {
      offerId,
      groupIndex,
      criteria: [criterionIndex],
      stage,
      reason,
      ...detail,
    });
  }

  /** Later stages overwrite the provisional "pooled" entry of a candidate that passed the rules. */
  set(
    groupIndex: number,
    offerId: string,
    stage: TraceStage,
    reason: string,
    detail: TraceDetail = {},
  ): void {
    const key = `${groupIndex}\u0000${offerId}`;
    const existing = this.entries.get(key);
    const criteria = existing?.criteria ?? [];
    const keep =
      existing?.score === undefined
        ? {}
        : { score: existing.score, scoreParts: existing.scoreParts };
    this.entries.set(key, { offerId, groupIndex, criteria, stage, reason, ...keep, ...detail });
  }

  /** Adds detail to an existing entry, keeping its stage and reason (e.g. a placed item's propensity). */
  annotate(groupIndex: number, offerId: string, detail: TraceDetail): void {
    const existing = this.entries.get(`${groupIndex}\u0000${offerId}`);
    if (existing) Object.assign(existing, detail);
  }

  result(outcome: ScopeTrace["outcome"]): ScopeTrace {
    return {
      decisionId: this.decisionId,
      placementId: this.placementId,
      candidates: [...this.entries.values()],
      outcome,
    };
  }
}
