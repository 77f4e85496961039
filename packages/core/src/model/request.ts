import { z } from "zod";
import { DateTime, Id, JsonObject } from "./common.js";
import { MAX_ITEMS_PER_REQUEST, MAX_ITEMS_PER_SCOPE } from "./placement.js";

/** One customer: a stable id plus attributes that rules read as `profile.<name>`. */
export const Profile = z.object({
  id: z.string().min(1).max(256),
  attributes: JsonObject.default({}),
});
export type Profile = z.infer<typeof Profile>;

export const ScopeRequest = z
  .object({
    decisionId: Id,
    placementId: Id,
    itemCount: z.int().min(1).max(MAX_ITEMS_PER_SCOPE).optional(),
  })
  .strict();
export type ScopeRequest = z.infer<typeof ScopeRequest>;

export const DecisionOptions = z
  .object({
    /** false disallows the same offer in two scopes; unset defers to the placements. */
    allowDuplicates: z.boolean().optional(),
    /** Decide without reserving caps or emitting a decision event. */
    dryRun: z.boolean().default(false),
    /** Return a trace of every candidate. */
    explain: z.boolean().default(false),
    /** Evaluate as of this instant (defaults to the engine clock). */
    now: DateTime.optional(),
    /** Break score ties with a random order seeded by this value instead of priority / id. */
    randomTieBreakSeed: z.union([z.int(), z.string().max(256)]).optional(),
  })
  .strict();
export type DecisionOptions = z.infer<typeof DecisionOptions>;

export const DecisionRequest = z
  .object({
    profile: Profile,
    context: JsonObject.default({}),
    scopes: z.array(ScopeRequest).min(1).max(30),
    options: DecisionOptions.default({ dryRun: false, explain: false }),
  })
  .strict()
  .superRefine((r, ctx) => {
    const total = r.scopes.reduce((n, s) => n + (s.itemCount ?? 0), 0);
    if (total > MAX_ITEMS_PER_REQUEST) {
      ctx.addIssue({
        code: "custom",
        path: ["scopes"],
        message: `at most ${MAX_ITEMS_PER_REQUEST} items per request`,
      });
    }
  });
export type DecisionRequest = z.infer<typeof DecisionRequest>;
export type DecisionRequestInput = z.input<typeof DecisionRequest>;
