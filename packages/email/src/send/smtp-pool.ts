import nodemailer, { type SendMailOptions, type SMTPPoolOptions } from "nodemailer";

/** Headers DKIM signs: nodemailer's RFC 4871 defaults plus List-Unsubscribe-Post, which RFC 8058 wants signed. */
export const DKIM_SIGNED_HEADERS = [
  "From",
  "Sender",
  "Reply-To",
  "Subject",
  "Date",
  "Message-ID",
  "To",
  "Cc",
  "MIME-Version",
  "Content-Type",
  "Content-Transfer-Encoding",
  "Content-ID",
  "Content-Description",
  "In-Reply-To",
  "References",
  "List-Id",
  "List-Help",
  "List-Unsubscribe",
  "List-Unsubscribe-Post",
  "List-Subscribe",
  "List-Post",
  "List-Owner",
  "List-Archive",
  "Feedback-ID",
].join(":");

export interface DkimOptions {
  /** The d= domain; align it with the From domain (DMARC). */
  domainName: string;
  keySelector: string;
  /** PEM RSA private key (2048 bits or more). */
  privateKey: string;
}

export interface SmtpPoolOptions {
  /** smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com:465 */
  url: string;
  /** Parallel SMTP connections (default 5). */
  maxConnections?: number;
  /** Messages per connection before it is recycled (default 100). */
  maxMessages?: number;
  /** At most `rateLimit` messages per `rateDelta` ms across the pool (default: unlimited). */
  rateLimit?: number;
  rateDelta?: number;
  dkim?: DkimOptions;
  /** Accept self-signed certificates (test relays only). */
  allowInsecureTls?: boolean;
}

/** The one nodemailer call the sender needs; a pooled transport satisfies it. */
export interface MailTransport {
  sendMail(
    mail: SendMailOptions,
  ): Promise<{ messageId: string; response: string; accepted: unknown[]; rejected: unknown[] }>;
  close(): void;
}

/** A pooled SMTP transport: connections are reused across messages, rate-limited across the pool. */
export function createSmtpPool(options: SmtpPoolOptions): MailTransport {
  const config: SMTPPoolOptions & { url: string } = {
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: options.maxMessages ?? 100,
    ...(options.rateLimit
      ? { rateLimit: options.rateLimit, rateDelta: options.rateDelta ?? 1000 }
      : {}),
    ...(options.dkim ? { dkim: { ...options.dkim, headerFieldNames: DKIM_SIGNED_HEADERS } } : {}),
    ...(options.allowInsecureTls ? { tls: { rejectUnauthorized: false } } : {}),
  };
  return nodemailer.createTransport(config);
}
