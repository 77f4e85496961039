import { z } from "zod";
import { JsonValue } from "./common.js";
import { Representation } from "./representation.js";
import { DecisionTrace } from "./trace.js";
import { OfferkitErrorCode } from "../errors/codes.js";

export const PropositionItem = z.object({
  offerId: z.string(),
  /** 1-based rank within the proposition. */
  rank: z.int(),
  score: z.number(),
  priority: z.int(),
  /** Probability that the policy chooses this item (1 for deterministic ranking). */
  propensity: z.number(),
  /** Value of the learned ranking's segmentBy attribute; echo it on display / interact events. */
  segment: z.string().optional(),
  name: z.string(),
  attributes: z.record(z.string(), JsonValue),
  representation: Representation,
});
export type PropositionItem = z.infer<typeof PropositionItem>;

export const FallbackItem = z.object({
  offerId: z.string(),
  name: z.string(),
  attributes: z.record(z.string(), JsonValue),
  representation: Representation,
});
export type FallbackItem = z.infer<typeof FallbackItem>;

/**
 * The engine's answer for one scope: ranked items xor the decision's fallback — except a holdout
 * served "nothing", which has neither and says `holdout: true` (docs/learning.md).
 */
export const Proposition = z.object({
  id: z.string(),
  decisionId: z.string(),
  placementId: z.string(),
  /** "ranked": items were chosen; "fallback": nothing qualified; "holdout": held out, served nothing. */
  reason: z.enum(["ranked", "fallback", "holdout"]),
  items: z.array(PropositionItem),
  fallback: FallbackItem.optional(),
  /** The profile is in the decision's holdout (it got the fallback or nothing). */
  holdout: z.literal(true).optional(),
});
export type Proposition = z.infer<typeof Proposition>;

export const ScopeError = z.object({
  decisionId: z.string(),
  placementId: z.string(),
  code: OfferkitErrorCode,
  message: z.string(),
});
export type ScopeError = z.infer<typeof ScopeError>;

export const DecisionResponse = z.object({
  /** Id of the whole request (each proposition has its own id too). */
  requestId: z.string(),
  libraryVersion: z.int(),
  propositions: z.array(Proposition),
  errors: z.array(ScopeError),
  trace: DecisionTrace.optional(),
});
export type DecisionResponse = z.infer<typeof DecisionResponse>;
