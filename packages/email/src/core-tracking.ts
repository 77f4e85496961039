// Signed tracking tokens come from @offerkit/core (shared with push and the decision server).
export {
  SignedTokenCodec,
  constantTimeEqual,
  MIN_SECRET_BYTES,
  MAX_TOKEN_LENGTH,
  SignedTokenError,
  isSignedTokenError,
  webCryptoHmacSha256,
  base64UrlEncode,
  base64UrlDecode,
} from "@offerkit/core";
export type { SigningKeyInput, SignedTokenCodecOptions, TokenClaims, VerifiedToken, SignedTokenFailure, HmacSha256 } from "@offerkit/core";
