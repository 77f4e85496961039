import { z } from "zod";
import { Expression } from "./rule.js";

/** Beta(alpha, beta) prior of a bandit arm before any event (default Beta(1, 1), uniform). */
export const BetaPriorSchema = z
  .object({
    alpha: z.number().positive().max(1_000_000),
    beta: z.number().positive().max(1_000_000),
  })
  .strict();

/** A dotted path into the profile's attributes, e.g. `loyalty.tier`. */
export const ProfilePath = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,7}$/,
    "must be a dotted attribute path like loyalty.tier",
  );

const learnedCommon = {
  prior: BetaPriorSchema.optional(),
  /** Learn one arm per value of this profile attribute (plus the placement-level arm). */
  segmentBy: ProfilePath.optional(),
  /** Monte Carlo draws behind each logged propensity (default 255; 0 logs only the observed draw). */
  propensityDraws: z.int().min(0).max(10_000).optional(),
};

/** Thompson sampling: score = a draw from the offer's Beta posterior click rate in this placement. */
export const ThompsonRanking = z
  .object({ method: z.literal("thompson"), ...learnedCommon })
  .strict();
export type ThompsonRanking = z.infer<typeof ThompsonRanking>;

/**
 * Arbitration: score = value × propensity × levers (CEL numbers over offer, profile, context, now).
 * propensity "model" (the default) is the bandit's Thompson draw; a missing value or levers is 1.
 */
export const ArbitrationRanking = z
  .object({
    method: z.literal("arbitration"),
    value: Expression.optional(),
    propensity: z.union([z.literal("model"), Expression]).optional(),
    levers: Expression.optional(),
    ...learnedCommon,
  })
  .strict();
export type ArbitrationRanking = z.infer<typeof ArbitrationRanking>;

export const Holdout = z
  .object({
    /** Share of profiles (0–100, stable by profile id) held out of this decision. */
    percent: z.number().min(0).max(100),
    /** What held-out profiles get: the decision's fallback, or an empty proposition marked holdout. */
    serve: z.enum(["fallback", "nothing"]).default("fallback"),
  })
  .strict();
export type Holdout = z.infer<typeof Holdout>;
