// @offerkit/email/tracking: token signing and verification and the HTTP handlers, without MJML or
// nodemailer — what a tracking server (the decision server) imports.
export {
  EmailTokenCodec,
  parseSigningKeys,
  MIN_EMAIL_SECRET_BYTES,
  type EmailSigningKey,
  type EmailTokenKind,
  type EmailTokenFailure,
  type VerifiedEmailToken,
} from "./email-token-codec.js";
export { HmacSha256Key } from "./hmac-sha256-key.js";
export { EmailLinks, type EmailTrackingOptions } from "./email-links.js";
export {
  createEmailHandlers,
  type EmailHandlers,
  type EmailHandlerOptions,
  type EmailHandlerResult,
} from "./email-handlers.js";
export { EMAIL_ROUTES } from "./email-routes.js";
export { ClickClaims, OpenClaims, UnsubscribeClaims, type ShownOffer } from "./tracking-claims.js";
export type { SuppressionList, Suppression } from "./suppression-list.js";
export { messageKey, messageIdFor, emailEventId } from "../render/message-identity.js";
