import { z } from "zod";
import { Offer } from "./offer.js";
import { Placement } from "./placement.js";
import { Collection } from "./collection.js";
import { RankingFormula, Rule } from "./rule.js";
import { Decision } from "./decision.js";
import { ContactPolicy } from "./contact-policy.js";

/** The whole Offer Library as one versioned document: what compileLibrary takes. */
export const LibraryBundle = z.object({
  version: z.int().min(0).default(0),
  offers: z.array(Offer).default([]),
  placements: z.array(Placement).default([]),
  collections: z.array(Collection).default([]),
  rules: z.array(Rule).default([]),
  rankingFormulas: z.array(RankingFormula).default([]),
  decisions: z.array(Decision).default([]),
  /** Suppression rules: no offer of the target for N days after an outcome (docs/learning.md). */
  contactPolicies: z.array(ContactPolicy).default([]),
});
export type LibraryBundle = z.infer<typeof LibraryBundle>;
export type LibraryBundleInput = z.input<typeof LibraryBundle>;
