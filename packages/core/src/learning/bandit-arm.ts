import { escapeKeyPart } from "../caps/counter-key.js";
import type { CounterCheck, CounterIncrement, CounterStore } from "../caps/counter-store.js";

/**
 * Beta-Bernoulli bandit arms: one arm per offer × placement [× value of one profile attribute].
 * An arm's state is two counters in the CounterStore, so every server instance sharing the store
 * shares what the bandit has learned, and the idempotent `record(eventId, …)` means a redelivered
 * event never counts twice.
 *
 *   bandit|<offerId>|p=<placementId>|<segment>|d   displays (trials)
 *   bandit|<offerId>|p=<placementId>|<segment>|i   interactions (successes)
 *
 *   segment = *            the placement-level arm (every event of the offer in the placement)
 *           | s=<value>    the arm of one value of the ranking's segmentBy attribute
 *
 * Variable parts are escaped like cap keys (counter-key.ts), so no two arms share a key.
 */
export interface ArmKey {
  offerId: string;
  placementId: string;
  /** Value of the segmentBy attribute; undefined for the placement-level arm. */
  segment?: string | undefined;
}

export interface ArmCounts {
  displays: number;
  interactions: number;
}

/** Beta(alpha, beta) prior of every arm before it has seen an event. */
export interface BetaPrior {
  alpha: number;
  beta: number;
}

/** Uniform on [0, 1]: no click rate is favoured before data arrives. */
export const DEFAULT_PRIOR: BetaPrior = Object.freeze({ alpha: 1, beta: 1 });

// Counters that only grow: a read limit that no count reaches.
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

export function armKeyPrefix(arm: ArmKey): string {
  const segment = arm.segment === undefined ? "*" : `s=${escapeKeyPart(arm.segment)}`;
  return `bandit|${escapeKeyPart(arm.offerId)}|p=${escapeKeyPart(arm.placementId)}|${segment}|`;
}

/** The two counter reads of each arm, in order [displays, interactions] per arm. */
export function armChecks(arms: readonly ArmKey[]): CounterCheck[] {
  const checks: CounterCheck[] = [];
  for (const arm of arms) {
    const prefix = armKeyPrefix(arm);
    checks.push({ readKeys: [`${prefix}d`], writeKey: `${prefix}d`, limit: NO_LIMIT });
    checks.push({ readKeys: [`${prefix}i`], writeKey: `${prefix}i`, limit: NO_LIMIT });
  }
  return checks;
}

/** Every arm's counts in one `counts()` call (one round trip to Redis or SQL). */
export async function readArmCounts(
  store: CounterStore,
  arms: readonly ArmKey[],
): Promise<ArmCounts[]> {
  if (arms.length === 0) return [];
  return armCountsFrom(await store.counts(armChecks(arms)), arms.length);
}

/** Pairs the flat counts of armChecks back into one ArmCounts per arm. */
export function armCountsFrom(counts: readonly number[], arms: number): ArmCounts[] {
  const out: ArmCounts[] = [];
  for (let i = 0; i < arms; i++)
    out.push({ displays: counts[2 * i] ?? 0, interactions: counts[2 * i + 1] ?? 0 });
  return out;
}

/**
 * What a display or interact event adds: the placement-level arm always, and the segment's arm
 * when the event names a segment. Displays are trials and interactions successes; other outcomes
 * (custom events) do not teach the bandit.
 */
export function armIncrements(type: "display" | "interact", arm: ArmKey): CounterIncrement[] {
  const suffix = type === "display" ? "d" : "i";
  const increments: CounterIncrement[] = [
    {
      writeKey: `${armKeyPrefix({ offerId: arm.offerId, placementId: arm.placementId })}${suffix}`,
    },
  ];
  if (arm.segment !== undefined) increments.push({ writeKey: `${armKeyPrefix(arm)}${suffix}` });
  return increments;
}

/**
 * The posterior Beta(alpha + interactions, beta + displays − interactions). Interactions beyond
 * displays (clicks whose impression was never tracked) count as trials too, so failures never go
 * negative.
 */
export function posteriorOf(counts: ArmCounts, prior: BetaPrior = DEFAULT_PRIOR): BetaPrior {
  const successes = Math.max(0, counts.interactions);
  const failures = Math.max(0, counts.displays - successes);
  return { alpha: prior.alpha + successes, beta: prior.beta + failures };
}

/** The posterior mean click rate: the arm's expected propensity to be clicked. */
export function posteriorMean(counts: ArmCounts, prior: BetaPrior = DEFAULT_PRIOR): number {
  const p = posteriorOf(counts, prior);
  return p.alpha / (p.alpha + p.beta);
}

/**
 * The segment value of a profile for a ranking's segmentBy path (`loyalty.tier`): strings as they
 * are, numbers and booleans as JSON; undefined when the attribute is missing or not a primitive (the
 * decision then uses the placement-level arm).
 */
export function segmentValueOf(
  attributes: Readonly<Record<string, unknown>>,
  path: string,
): string | undefined {
  let value: unknown = attributes;
  for (const part of path.split(".")) {
    if (
      typeof value !== "object" ||
      value === null ||
      Array.isArray(value) ||
      !Object.hasOwn(value, part)
    )
      return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  return undefined;
}
