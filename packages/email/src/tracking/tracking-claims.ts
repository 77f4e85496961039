import { z } from "zod";

/**
 * What each signed email token carries (short keys). Every handler checks the type `t`, so a token
 * minted for one purpose is useless for another. The message key is not carried: it is a hash of
 * (campaign, recipient) — see messageKey.
 */
const common = {
  /** Recipient id (the profile id decisions were made for). */
  r: z.string().min(1).max(256),
  /** Campaign id. */
  c: z.string().min(1).max(128),
};

/** One shown offer: [propositionId, decisionId, placementId, offerId]. */
const ShownOffer = z.tuple([
  z.string().min(1).max(128),
  z.string().min(1).max(128),
  z.string().min(1).max(128),
  z.string().min(1).max(128),
]);
export type ShownOffer = z.infer<typeof ShownOffer>;

export const ClickClaims = z
  .object({ t: z.literal("c"), ...common, u: z.string().min(1).max(4096), o: ShownOffer })
  .strict();
export type ClickClaims = z.infer<typeof ClickClaims>;

export const OpenClaims = z
  .object({ t: z.literal("o"), ...common, i: z.array(ShownOffer).max(100) })
  .strict();
export type OpenClaims = z.infer<typeof OpenClaims>;

export const UnsubscribeClaims = z
  .object({ t: z.literal("u"), ...common, l: z.string().max(256).exactOptional() })
  .strict();
export type UnsubscribeClaims = z.infer<typeof UnsubscribeClaims>;
