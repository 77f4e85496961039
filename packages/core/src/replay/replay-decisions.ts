import { MemoryCounterStore } from "../caps/memory-counter-store.js";
import { DecisionEngine } from "../engine/decision-engine.js";
import type { CompiledLibrary } from "../library/compiled-library.js";
import type { DecisionEvent, FeedbackEvent } from "../model/event.js";
import type { LibraryBundleInput } from "../model/library.js";
import {
  estimateOffPolicy,
  type OffPolicyEstimates,
  type ReplayedDecision,
} from "./off-policy-estimators.js";

export interface ReplayInput {
  /** Logged decision events (each carries profile attributes, context, scope, items, propensities). */
  decisions: readonly DecisionEvent[];
  /** Logged display / interact / custom events; interactions are the reward. */
  feedback: readonly FeedbackEvent[];
  /** The library to evaluate. */
  library: LibraryBundleInput | CompiledLibrary;
  /** Seeds the new policy's draws (Thompson, tie-breaks): the same input gives the same report. */
  seed?: number;
  /** How many offers to list in `shareChanges` (default 10). */
  topShareChanges?: number;
}

export interface ShareChange {
  offerId: string;
  /** Share of all items shown by the logging policy / chosen by the new library (0–1). */
  loggedShare: number;
  newShare: number;
  change: number;
}

export interface ReplayReport {
  estimates: OffPolicyEstimates;
  /** Offers whose share of items changes most, largest absolute change first. */
  shareChanges: ShareChange[];
  /** Logged decisions left out, by reason. */
  skipped: Record<string, number>;
}

/**
 * Replays logged traffic through a new library: every logged decision is decided again by the new
 * library — same profile, context, scope and instant — in timestamp order, while the logged feedback
 * is tracked by the replay engine as it happened, so the new library's caps, contact policies and
 * bandits evolve on the logged traffic (from an empty counter store). The new library's slate is
 * compared with the logged slate and its propensities by the off-policy estimators.
 *
 * Left out: decisions held out by the logging policy (the control group shows no policy), and
 * decision events without the request data replay needs (logged before it was recorded).
 */
export async function replayDecisions(input: ReplayInput): Promise<ReplayReport> {
  const rewards = new Set<string>();
  for (const e of input.feedback)
    if (e.type === "interact") rewards.add(`${e.propositionId}\u0000${e.offerId}`);

  type Step = { at: number; order: number; decision?: DecisionEvent; feedback?: FeedbackEvent };
  const steps: Step[] = [
    ...input.decisions.map((decision, i) => ({
      at: Date.parse(decision.timestamp),
      order: i,
      decision,
    })),
    ...input.feedback.map((feedback, i) => ({
      at: Date.parse(feedback.timestamp),
      order: input.decisions.length + i,
      feedback,
    })),
  ];
  // Decisions before feedback at the same instant: a click never precedes its own decision.
  steps.sort((a, b) => a.at - b.at || a.order - b.order);

  let now = steps[0]?.at ?? 0;
  const clock = { now: () => new Date(now) };
  const engine = new DecisionEngine({
    library: input.library,
    clock,
    counterStore: new MemoryCounterStore({ now: () => now, maxEventIds: Number.MAX_SAFE_INTEGER }),
    seed: input.seed ?? 1,
  });

  const replayed: ReplayedDecision[] = [];
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  const loggedCounts = new Map<string, number>();
  const newCounts = new Map<string, number>();
  let loggedTotal = 0;
  let newTotal = 0;

  for (const step of steps) {
    now = step.at;
    if (step.feedback) {
      await engine.track([step.feedback]);
      continue;
    }
    const d = step.decision!;
    if (d.holdout) {
      skip("held out by the logging policy (control group)");
      continue;
    }
    if (d.profileAttributes === undefined || d.context === undefined) {
      skip("decision event without profile attributes and context");
      continue;
    }
    const response = await engine.decide({
      profile: { id: d.profileId, attributes: d.profileAttributes },
      context: d.context,
      scopes: [
        {
          decisionId: d.decisionId,
          placementId: d.placementId,
          ...(d.itemCount === undefined ? {} : { itemCount: d.itemCount }),
        },
      ],
      options: { now: d.timestamp },
    });
    const chosen = response.propositions[0]?.items.map((i) => i.offerId) ?? [];
    replayed.push({
      logged: d.items.map((item) => ({
        offerId: item.offerId,
        propensity: item.propensity,
        reward: rewards.has(`${d.propositionId}\u0000${item.offerId}`) ? 1 : 0,
      })),
      chosen,
    });
    for (const item of d.items)
      loggedCounts.set(item.offerId, (loggedCounts.get(item.offerId) ?? 0) + 1);
    for (const id of chosen) newCounts.set(id, (newCounts.get(id) ?? 0) + 1);
    loggedTotal += d.items.length;
    newTotal += chosen.length;
  }

  const offers = new Set([...loggedCounts.keys(), ...newCounts.keys()]);
  const shareChanges = [...offers]
    .map((offerId) => {
      const loggedShare = loggedTotal === 0 ? 0 : (loggedCounts.get(offerId) ?? 0) / loggedTotal;
      const newShare = newTotal === 0 ? 0 : (newCounts.get(offerId) ?? 0) / newTotal;
      return { offerId, loggedShare, newShare, change: newShare - loggedShare };
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.offerId < b.offerId ? -1 : 1))
    .slice(0, input.topShareChanges ?? 10);

  return { estimates: estimateOffPolicy(replayed), shareChanges, skipped };
}
