export {
  compileTemplate,
  HTML_WARN_BYTES,
  type CompileTemplateOptions,
} from "./template/compile-template.js";
export type {
  CompiledTemplate,
  CompiledSlot,
  CompiledVariant,
  TemplatePart,
  ValuePart,
  ValueRef,
  Escaping,
  ItemField,
} from "./template/compiled-template.js";
export { ITEM_FIELDS } from "./template/compiled-template.js";
export { TemplateCompileError } from "./template/template-compile-error.js";
export type { OfferSlotDeclaration, OfferSlotLayout } from "./template/offer-slot.js";
export { createMjOfferPreset, type MjmlPreset } from "./template/mj-offer-component.js";
export { MJML_VERSION } from "./template/mjml-version.js";
export {
  render,
  type RenderOptions,
  type RenderedEmail,
  type DisplayEventInput,
} from "./render/render-email.js";
export type { Recipient, OfferDecider } from "./render/recipient.js";
export { messageKey, messageIdFor, emailEventId } from "./render/message-identity.js";
export { escapeHtml, safeUrl } from "./render/escape.js";
export { EmailLinks, type EmailTrackingOptions } from "./tracking/email-links.js";
export {
  createEmailHandlers,
  type EmailHandlers,
  type EmailHandlerOptions,
  type EmailHandlerResult,
} from "./tracking/email-handlers.js";
export {
  EmailTokenCodec,
  parseSigningKeys,
  MIN_EMAIL_SECRET_BYTES,
  type EmailSigningKey,
  type EmailTokenKind,
  type EmailTokenFailure,
  type VerifiedEmailToken,
} from "./tracking/email-token-codec.js";
export type { SuppressionList, Suppression } from "./tracking/suppression-list.js";
export { EMAIL_ROUTES } from "./tracking/email-routes.js";
export {
  ClickClaims,
  OpenClaims,
  UnsubscribeClaims,
  type ShownOffer,
} from "./tracking/tracking-claims.js";
export {
  createSmtpPool,
  DKIM_SIGNED_HEADERS,
  type SmtpPoolOptions,
  type DkimOptions,
  type MailTransport,
} from "./send/smtp-pool.js";
export { buildMail, type MailIdentity } from "./send/build-mail.js";
export { SendLog, type SendLogRecord, type SendState } from "./send/send-log.js";
export {
  readRecipients,
  formatOf,
  RecipientInputError,
  type RecipientFormat,
} from "./send/recipient-source.js";
export {
  sendCampaign,
  type SendCampaignOptions,
  type CampaignProgress,
  type CampaignSummary,
} from "./send/send-campaign.js";
