import { SignedTokenCodec } from "../../src/core-tracking.js";
import { EmailLinks, nodeHmacSha256 } from "../../src/index.js";

export const TRACKING_BASE = "https://t.test.example";

/** Test signing keys: fixed bytes, never used outside tests. */
export function testTokens(activeKeyId = "k1"): SignedTokenCodec {
  return new SignedTokenCodec({
    keys: [
      { id: "k1", secret: Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1) },
      { id: "k2", secret: Uint8Array.from({ length: 32 }, (_, i) => 255 - i) },
    ],
    activeKeyId,
    hmac: nodeHmacSha256,
  });
}

export function testLinks(now?: () => number): EmailLinks {
  return new EmailLinks({ tokens: testTokens(), baseUrl: TRACKING_BASE, openPixel: true, ...(now ? { now } : {}) });
}
