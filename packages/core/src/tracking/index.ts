export {
  SignedTokenCodec,
  constantTimeEqual,
  MIN_SECRET_BYTES,
  MAX_TOKEN_LENGTH,
} from "./signed-token.js";
export type {
  SigningKeyInput,
  SignedTokenCodecOptions,
  TokenClaims,
  VerifiedToken,
} from "./signed-token.js";
export {
  SignedTokenError,
  isSignedTokenError,
  type SignedTokenFailure,
} from "./signed-token-error.js";
export { webCryptoHmacSha256, type HmacSha256 } from "./hmac-sha256.js";
export { base64UrlEncode, base64UrlDecode } from "./base64url.js";
