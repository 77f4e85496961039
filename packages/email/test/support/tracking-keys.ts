import { EmailLinks, EmailTokenCodec } from "../../src/index.js";

export const TRACKING_BASE = "https://t.test.example";

export const TEST_SIGNING_KEYS = [
  { id: "k1", secret: Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1) },
  { id: "k2", secret: Uint8Array.from({ length: 32 }, (_, i) => 255 - i) },
];

/** Test signing keys: fixed bytes, never used outside tests. */
export function testTokens(activeKeyId = "k1"): EmailTokenCodec {
  return new EmailTokenCodec(TEST_SIGNING_KEYS, activeKeyId);
}

export function testLinks(now?: () => number): EmailLinks {
  return new EmailLinks({
    tokens: testTokens(),
    baseUrl: TRACKING_BASE,
    openPixel: true,
    ...(now ? { now } : {}),
  });
}

/** The claims of a token that must verify (throws with the reason otherwise). */
export function verifiedClaims(codec: EmailTokenCodec, token: string, now: number | Date): unknown {
  const verified = codec.verify(token, typeof now === "number" ? now : now.getTime());
  if (!verified.ok) throw new Error(`token did not verify: ${verified.reason}`);
  return verified.claims;
}
