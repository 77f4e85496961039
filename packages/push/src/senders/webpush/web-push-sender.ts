import webpush from "web-push";
import type { WebPushRequest } from "../../providers/webpush/build-web-push-request.js";
import {
  reportDelivery,
  systemClock,
  type Clock,
  type DeliveredCallback,
} from "../delivery-reporter.js";
import { retryable, type PushOutcome } from "../push-outcome.js";
import { parseRetryAfter } from "../retry-after.js";
import { webPushOutcome } from "./web-push-outcome.js";

export interface VapidDetails {
  /** `mailto:` or `https:` contact (Safari rejects localhost subjects). */
  subject: string;
  /** URL-safe base64 keys, as from `webpush.generateVAPIDKeys()`. */
  publicKey: string;
  privateKey: string;
}

export interface WebPushSenderOptions {
  vapid: VapidDetails;
  /** Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  onDelivered?: DeliveredCallback;
  clock?: Clock;
}

/**
 * Sends Web Push notifications: `web-push` encrypts (aes128gcm by default) and signs VAPID, then the
 * request goes out with fetch, which lets any endpoint scheme through (web-push's own sender only
 * speaks https) and gives one normalised outcome path.
 */
export class WebPushSender {
  private readonly fetch: typeof fetch;
  private readonly clock: Clock;

  constructor(private readonly options: WebPushSenderOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? systemClock;
  }

  async send(request: WebPushRequest): Promise<PushOutcome> {
    return reportDelivery(
      await this.post(request),
      request.meta,
      this.options.onDelivered,
      this.clock,
    );
  }

  private async post(request: WebPushRequest): Promise<PushOutcome> {
    const details = webpush.generateRequestDetails(request.subscription, request.body, {
      TTL: Number(request.headers.TTL),
      urgency: request.headers.Urgency,
      ...(request.headers.Topic === undefined ? {} : { topic: request.headers.Topic }),
      contentEncoding: request.contentEncoding,
      vapidDetails: this.options.vapid,
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(details.headers)) {
      // fetch computes the length of the body itself.
      if (name.toLowerCase() !== "content-length") headers[name] = String(value);
    }
    let response: Response;
    try {
      response = await this.fetch(details.endpoint, {
        method: "POST",
        headers,
        body: details.body === null ? null : new Uint8Array(details.body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      return retryable(`ConnectionError: ${(error as Error).message}`);
    }
    return webPushOutcome(
      response.status,
      response.headers.get("location"),
      parseRetryAfter(response.headers.get("retry-after"), this.clock.now()),
    );
  }
}
