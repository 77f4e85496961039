import { OfferkitError } from "../errors/offerkit-error.js";

/**
 * Why a signed token was refused. `malformed`: not a token of ours at all; `tampered`: the signature
 * does not match (changed payload, key id or signature); `unknown-key`: signed with a key id this
 * ring does not hold (retired or foreign); `expired`: valid signature, past its expiry.
 */
export type SignedTokenFailure = "malformed" | "tampered" | "unknown-key" | "expired";

/** A refused token. Always BAD_REQUEST (400): the caller sent something we did not issue or no longer honour. */
export class SignedTokenError extends OfferkitError {
  readonly reason: SignedTokenFailure;

  constructor(reason: SignedTokenFailure, message: string) {
    super("BAD_REQUEST", message);
    this.reason = reason;
  }
}

export function isSignedTokenError(error: unknown): error is SignedTokenError {
  return error instanceof SignedTokenError;
}
