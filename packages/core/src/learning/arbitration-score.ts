/**
 * Pega-style arbitration: priority = value × propensity × levers.
 * - value: what the offer is worth when accepted (margin, revenue, an expected-value formula);
 * - propensity: how likely this profile is to accept it — the bandit's sampled click rate, or a
 *   profile attribute / expression (an external model's score);
 * - levers: the business's thumb on the scale (campaign weight, strategic boost).
 * A part the ranking does not define is 1, so `{ method: "arbitration" }` alone ranks by the model
 * propensity, and value × levers without a propensity is a plain formula. Value and levers must be
 * finite and ≥ 0, propensity in [0, 1]; anything else fails the offer's score (trace: rule-error).
 */
export interface ArbitrationParts {
  value?: number | undefined;
  propensity?: number | undefined;
  levers?: number | undefined;
}

export type ArbitrationResult =
  | { ok: true; score: number; value: number; propensity: number; levers: number }
  | { ok: false; error: string };

export function arbitrationScore(parts: ArbitrationParts): ArbitrationResult {
  const value = parts.value ?? 1;
  const propensity = parts.propensity ?? 1;
  const levers = parts.levers ?? 1;
  if (!Number.isFinite(value) || value < 0)
    return { ok: false, error: `value must be a finite number ≥ 0, got ${value}` };
  if (!Number.isFinite(levers) || levers < 0)
    return { ok: false, error: `levers must be a finite number ≥ 0, got ${levers}` };
  if (!(propensity >= 0 && propensity <= 1))
    return { ok: false, error: `propensity must be between 0 and 1, got ${propensity}` };
  return { ok: true, score: value * propensity * levers, value, propensity, levers };
}
