import type { FeedbackEvent } from "@offerkit/core";
import type { Recipient } from "../render/recipient.js";
import { render, type RenderOptions } from "../render/render-email.js";
import { messageIdFor, messageKey } from "../render/message-identity.js";
import type { CompiledTemplate } from "../template/compiled-template.js";
import { HTML_WARN_BYTES } from "../template/compile-template.js";
import { buildMail, type MailIdentity } from "./build-mail.js";
import type { SendLog } from "./send-log.js";
import type { MailTransport } from "./smtp-pool.js";

export interface SendCampaignOptions {
  campaignId: string;
  template: CompiledTemplate;
  /** Streamed, never collected: memory stays flat in the number of recipients. */
  recipients: AsyncIterable<Recipient>;
  transport: MailTransport;
  log: SendLog;
  identity: MailIdentity;
  /** How offers are decided and links signed (campaignId is taken from above). */
  render: Omit<RenderOptions, "campaignId">;
  /** Receives display events once the SMTP server accepted a message (engine.track or client.track). */
  tracker?: { track(events: FeedbackEvent[]): Promise<unknown> };
  /** Messages being rendered or sent at once (default 10). */
  concurrency?: number;
  /**
   * What to do with recipients whose previous attempt has no outcome (crash between handing the
   * message to SMTP and logging the answer). "resend" (default) sends again with the same
   * Message-ID; "skip" never sends them again. `reconcileInDoubt` (asks your relay which
   * Message-IDs it accepted) settles them exactly and takes precedence.
   */
  inDoubt?: "resend" | "skip";
  reconcileInDoubt?: (messageIds: string[]) => Promise<ReadonlySet<string>>;
  /** Suppression list check (unsubscribed, bounced); suppressed recipients are logged, not sent. */
  isSuppressed?: (recipient: Recipient) => boolean | Promise<boolean>;
  /** Refuse messages whose HTML is larger (default 100 KB; Gmail clips at ~102 KB). */
  maxHtmlBytes?: number;
  onProgress?: (progress: CampaignProgress) => void;
  signal?: AbortSignal;
}

export interface CampaignProgress {
  /** Accepted by the SMTP server in this run. */
  sent: number;
  /** Refused or not sendable in this run (see failures). */
  failed: number;
  /** Already done in an earlier run (sent, permanently failed, or settled), or duplicate input rows. */
  skipped: number;
  suppressed: number;
  elapsedMs: number;
  /** Messages accepted per second in this run. */
  rate: number;
}

export interface CampaignSummary extends CampaignProgress {
  /** In-doubt recipients found at start and what happened to them. */
  inDoubt: {
    found: number;
    resent: number;
    settledAccepted: number;
    settledNotAccepted: number;
    skipped: number;
  };
  /** Display events that could not be tracked (the send itself succeeded). */
  trackingFailures: number;
  htmlSizeWarnings: number;
  /** The first failures, for the report. */
  failures: { recipient: string; permanent: boolean; error: string }[];
}

const MAX_REPORTED_FAILURES = 100;

/**
 * Send one compiled template to a stream of recipients through a pooled transport.
 *
 * Guarantee (per campaign id, with the same log file): a recipient whose outcome is logged is
 * never sent again, and every recipient without a logged outcome is sent by the next run — so a
 * run killed at any point and rerun with the same command sends every remaining recipient, and
 * nobody whose acceptance was logged twice. The only window is the in-doubt one: SMTP accepted
 * a message but the process died before the `sent` line reached the disk (at most `concurrency`
 * recipients per crash, listed in the summary). Those are resent with the *same* Message-ID
 * (receivers and relays that de-duplicate by Message-ID keep one), skipped with
 * `inDoubt: "skip"`, or settled exactly with `reconcileInDoubt`.
 *
 * Decisions for a resent recipient are made again (decision caps may count that recipient twice);
 * display caps are counted only after the SMTP accept, with event ids derived from the Message-ID,
 * so they count once.
 */
export async function sendCampaign(options: SendCampaignOptions): Promise<CampaignSummary> {
  const { campaignId, log } = options;
  const started = Date.now();
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const maxHtmlBytes = options.maxHtmlBytes ?? 100 * 1024;
  const summary: CampaignSummary = {
    sent: 0,
    failed: 0,
    skipped: 0,
    suppressed: 0,
    elapsedMs: 0,
    rate: 0,
    inDoubt: { found: 0, resent: 0, settledAccepted: 0, settledNotAccepted: 0, skipped: 0 },
    trackingFailures: 0,
    htmlSizeWarnings: 0,
    failures: [],
  };
  const progress = () => {
    summary.elapsedMs = Date.now() - started;
    summary.rate = summary.elapsedMs > 0 ? (summary.sent * 1000) / summary.elapsedMs : 0;
    options.onProgress?.({
      sent: summary.sent,
      failed: summary.failed,
      skipped: summary.skipped,
      suppressed: summary.suppressed,
      elapsedMs: summary.elapsedMs,
      rate: summary.rate,
    });
  };

  await settleInDoubt(options, summary);

  const fail = async (
    recipient: Recipient,
    messageId: string,
    permanent: boolean,
    error: string,
  ) => {
    summary.failed++;
    if (summary.failures.length < MAX_REPORTED_FAILURES)
      summary.failures.push({ recipient: recipient.id, permanent, error });
    await log.append({
      type: "failed",
      campaign: campaignId,
      recipient: recipient.id,
      messageId,
      at: new Date().toISOString(),
      permanent,
      error,
    });
  };

  const sendOne = async (recipient: Recipient, wasInDoubt: boolean): Promise<void> => {
    const messageId = messageIdFor(
      messageKey(campaignId, recipient.id),
      options.render.messageIdDomain,
    );
    let accepted: { response: string } | undefined;
    try {
      if (await options.isSuppressed?.(recipient)) {
        summary.suppressed++;
        await log.append({
          type: "failed",
          campaign: campaignId,
          recipient: recipient.id,
          messageId,
          at: new Date().toISOString(),
          permanent: true,
          error: "suppressed",
        });
        return;
      }
      const email = await render(options.template, recipient, { ...options.render, campaignId });
      if (email.htmlBytes > maxHtmlBytes) {
        await fail(
          recipient,
          messageId,
          true,
          `HTML part is ${email.htmlBytes} bytes (limit ${maxHtmlBytes})`,
        );
        return;
      }
      if (email.htmlBytes > HTML_WARN_BYTES) summary.htmlSizeWarnings++;
      // Durable before the message leaves: a crash from here on is seen as in doubt, never as "not tried".
      await log.append({
        type: "attempt",
        campaign: campaignId,
        recipient: recipient.id,
        messageId,
        at: new Date().toISOString(),
      });
      accepted = await options.transport.sendMail(buildMail(email, options.identity));
      await log.append({
        type: "sent",
        campaign: campaignId,
        recipient: recipient.id,
        messageId,
        at: new Date().toISOString(),
        response: accepted.response,
      });
      summary.sent++;
      if (wasInDoubt) summary.inDoubt.resent++;
      if (options.tracker && email.displays.length > 0) {
        await options.tracker.track(email.displays).catch(() => {
          summary.trackingFailures++;
        });
      }
    } catch (error) {
      // After an accept only the log can fail: stop rather than risk sending anyone twice.
      if (accepted) throw error;
      await fail(
        recipient,
        messageId,
        isPermanent(error),
        error instanceof Error ? error.message : String(error),
      );
    } finally {
      progress();
    }
  };

  const seen = new Set<string>();
  const inflight = new Set<Promise<void>>();
  let fatal: Error | undefined;
  for await (const recipient of options.recipients) {
    if (options.signal?.aborted || fatal !== undefined) break;
    const state = log.state(campaignId, recipient.id);
    if (seen.has(recipient.id) || state === "sent" || state === "failed-permanent") {
      summary.skipped++;
      continue;
    }
    seen.add(recipient.id);
    while (inflight.size >= concurrency) await Promise.race(inflight);
    const task: Promise<void> = sendOne(recipient, state === "in-doubt")
      .catch((error: unknown) => {
        fatal ??= error instanceof Error ? error : new Error("sending failed", { cause: error });
      })
      .finally(() => inflight.delete(task));
    inflight.add(task);
  }
  await Promise.all(inflight);
  if (fatal !== undefined) throw fatal;
  progress();
  return summary;
}

async function settleInDoubt(
  options: SendCampaignOptions,
  summary: CampaignSummary,
): Promise<void> {
  const doubtful = options.log.inDoubt(options.campaignId);
  summary.inDoubt.found = doubtful.length;
  if (doubtful.length === 0) return;
  const at = new Date().toISOString();
  if (options.reconcileInDoubt) {
    const accepted = await options.reconcileInDoubt(doubtful.map((d) => d.messageId));
    await Promise.all(
      doubtful.map((d) => {
        const wasAccepted = accepted.has(d.messageId);
        if (wasAccepted) summary.inDoubt.settledAccepted++;
        else summary.inDoubt.settledNotAccepted++;
        return options.log.append({
          type: "resolved",
          campaign: options.campaignId,
          recipient: d.recipient,
          messageId: d.messageId,
          at,
          accepted: wasAccepted,
        });
      }),
    );
  } else if (options.inDoubt === "skip") {
    summary.inDoubt.skipped = doubtful.length;
    await Promise.all(
      doubtful.map((d) =>
        options.log.append({
          type: "failed",
          campaign: options.campaignId,
          recipient: d.recipient,
          messageId: d.messageId,
          at,
          permanent: true,
          error: "in doubt after a crash; skipped",
        }),
      ),
    );
  }
}

/** 5xx SMTP answers (and nodemailer's `permanent` flag) are final; anything else may succeed later. */
function isPermanent(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { permanent, responseCode } = error as { permanent?: unknown; responseCode?: unknown };
  if (typeof permanent === "boolean") return permanent;
  return typeof responseCode === "number" && responseCode >= 500 && responseCode < 600;
}
