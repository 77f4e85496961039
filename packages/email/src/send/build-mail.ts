import type { SendMailOptions } from "nodemailer";
import type { RenderedEmail } from "../render/render-email.js";

export interface MailIdentity {
  /** From header, e.g. "Northwind <news@mail.northwind.example>". */
  from: string;
  replyTo?: string;
  /** List-Id, e.g. "newsletter.northwind.example" (RFC 2919). */
  listId?: string;
  /** Gmail Feedback-ID, e.g. "nov-news:newsletter:northwind" (aggregated complaint reports). */
  feedbackId?: string;
}

/**
 * nodemailer options for one rendered email: multipart/alternative (text + HTML), our Message-ID,
 * and the bulk-sender headers — List-Unsubscribe with the https one-click URL and
 * List-Unsubscribe-Post (RFC 8058), which the DKIM signature covers (see DKIM_SIGNED_HEADERS).
 */
export function buildMail(email: RenderedEmail, identity: MailIdentity): SendMailOptions {
  return {
    from: identity.from,
    to: email.recipient.email,
    ...(identity.replyTo ? { replyTo: identity.replyTo } : {}),
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
    list: {
      unsubscribe: email.unsubscribeUrl,
      ...(identity.listId ? { id: identity.listId } : {}),
    },
    headers: {
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      ...(identity.feedbackId ? { "Feedback-ID": identity.feedbackId } : {}),
    },
    // Never fetch remote content while building a message (offer images are linked, not attached).
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
