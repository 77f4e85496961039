/**
 * Off-policy estimators of "clicks per decision" for a new policy, from decisions logged by another.
 *
 * Each logged decision i showed a slate L_i; item a of it had logging propensity p_a (the probability
 * that the logging policy chose a, as recorded on the decision event) and reward r_a (1 when it was
 * interacted with, else 0). The new policy's slate N_i is one (seeded) draw of the new policy on the
 * same request. The estimated value is V = E[Σ_{a ∈ N} r_a], the expected clicks per decision.
 *
 *   IPS    V̂ = 1/n Σ_i Σ_{a ∈ L_i ∩ N_i} r_a / p_a
 *   SNIPS  V̂ = (Σ_i y_i / Σ_i w_i) · (1/n Σ_i |N_i|)   with y_i the IPS term, w_i = Σ_{a ∈ L_i ∩ N_i} 1/p_a
 *   DR     V̂ = 1/n Σ_i [ Σ_{a ∈ N_i} r̂_a + Σ_{a ∈ L_i ∩ N_i} (r_a − r̂_a) / p_a ]
 *
 * Assumptions (documented in docs/learning.md): an item's click does not depend on the other items
 * of its slate or on its position (item-level IPS on inclusion propensities; exact for one-item
 * slates); the logging policy gave every item the new policy picks a propensity > 0 (otherwise IPS
 * and SNIPS underestimate; DR falls back on the reward model for those items); logged propensities
 * are right (Monte Carlo estimates add a little noise, see learning/thompson-selection.ts).
 * E[w_i] = E[|N_i|] under these assumptions, which is why SNIPS rescales by the mean slate size.
 *
 * Intervals: 95 % normal approximation, mean ± 1.96 · sd / √n over the per-decision terms for IPS
 * and DR; for SNIPS, the delta method for the ratio, Var ≈ Var(y − R·w) / (n · w̄²), treating the
 * mean slate size as known. They assume independent decisions and n large enough (hundreds).
 */
export interface LoggedItem {
  offerId: string;
  /** Probability that the logging policy chose this item (> 0). */
  propensity: number;
  /** 1 when the item was interacted with, else 0 (any non-negative reward works). */
  reward: number;
}

export interface ReplayedDecision {
  logged: readonly LoggedItem[];
  /** Offer ids the new policy chose for the same request (one draw). */
  chosen: readonly string[];
}

export interface Estimate {
  estimate: number;
  standardError: number;
  /** 95 % confidence interval. */
  low: number;
  high: number;
}

export interface OffPolicyEstimates {
  decisions: number;
  /** What the logging policy actually achieved (on-policy mean of clicks per decision). */
  logged: Estimate;
  ips: Estimate;
  snips: Estimate;
  doublyRobust: Estimate;
}

const Z95 = 1.959963984540054;

/** Per-offer mean reward of the logged items, shrunk toward the global mean with the weight of one item. */
export function fitRewardModel(
  decisions: readonly Pick<ReplayedDecision, "logged">[],
): (offerId: string) => number {
  const shows = new Map<string, number>();
  const rewards = new Map<string, number>();
  let total = 0;
  let count = 0;
  for (const d of decisions) {
    for (const item of d.logged) {
      shows.set(item.offerId, (shows.get(item.offerId) ?? 0) + 1);
      rewards.set(item.offerId, (rewards.get(item.offerId) ?? 0) + item.reward);
      total += item.reward;
      count++;
    }
  }
  const mean = count === 0 ? 0 : total / count;
  return (offerId) => ((rewards.get(offerId) ?? 0) + mean) / ((shows.get(offerId) ?? 0) + 1);
}

export function estimateOffPolicy(
  decisions: readonly ReplayedDecision[],
  rewardModel: (offerId: string) => number = fitRewardModel(decisions),
): OffPolicyEstimates {
  const n = decisions.length;
  const logged: number[] = [];
  const ips: number[] = [];
  const weights: number[] = [];
  const dr: number[] = [];
  let slateSizes = 0;
  for (const d of decisions) {
    const chosen = new Set(d.chosen);
    let observed = 0;
    let y = 0;
    let w = 0;
    let correction = 0;
    for (const item of d.logged) {
      observed += item.reward;
      if (!chosen.has(item.offerId)) continue;
      if (!(item.propensity > 0))
        throw new RangeError(
          `logged propensity of "${item.offerId}" must be > 0, got ${item.propensity}`,
        );
      y += item.reward / item.propensity;
      w += 1 / item.propensity;
      correction += (item.reward - rewardModel(item.offerId)) / item.propensity;
    }
    let direct = 0;
    for (const offerId of chosen) direct += rewardModel(offerId);
    logged.push(observed);
    ips.push(y);
    weights.push(w);
    dr.push(direct + correction);
    slateSizes += chosen.size;
  }
  return {
    decisions: n,
    logged: meanEstimate(logged),
    ips: meanEstimate(ips),
    snips: ratioEstimate(ips, weights, n === 0 ? 0 : slateSizes / n),
    doublyRobust: meanEstimate(dr),
  };
}

export function meanEstimate(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { estimate: 0, standardError: Number.NaN, low: Number.NaN, high: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  const se = Math.sqrt(variance / n);
  return { estimate: mean, standardError: se, low: mean - Z95 * se, high: mean + Z95 * se };
}

function ratioEstimate(ys: readonly number[], ws: readonly number[], scale: number): Estimate {
  const n = ys.length;
  const ySum = ys.reduce((a, b) => a + b, 0);
  const wSum = ws.reduce((a, b) => a + b, 0);
  if (n === 0 || wSum === 0)
    return { estimate: 0, standardError: Number.NaN, low: Number.NaN, high: Number.NaN };
  const ratio = ySum / wSum;
  const wMean = wSum / n;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (ys[i]! - ratio * ws[i]!) ** 2;
  const variance = n > 1 ? residual / (n - 1) / (n * wMean * wMean) : 0;
  const se = Math.sqrt(variance) * scale;
  const estimate = ratio * scale;
  return { estimate, standardError: se, low: estimate - Z95 * se, high: estimate + Z95 * se };
}
