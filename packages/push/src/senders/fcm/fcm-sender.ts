import type { FcmRequest } from "../../providers/fcm/build-fcm-message.js";
import {
  reportDelivery,
  systemClock,
  type Clock,
  type DeliveredCallback,
} from "../delivery-reporter.js";
import { retryable, type PushOutcome } from "../push-outcome.js";
import { parseRetryAfter } from "../retry-after.js";
import { fcmOutcome, type FcmErrorBody } from "./fcm-outcome.js";

export const FCM_ENDPOINT = "https://fcm.googleapis.com";

/**
 * Supplies OAuth 2 access tokens (scope https://www.googleapis.com/auth/firebase.messaging), e.g.
 * from google-auth-library. It owns caching; `forceRefresh` is set after FCM answered 401.
 */
export type FcmAccessTokenProvider = (options: {
  forceRefresh: boolean;
}) => string | Promise<string>;

export interface FcmSenderOptions {
  accessToken: FcmAccessTokenProvider;
  /** Default https://fcm.googleapis.com. */
  endpoint?: string;
  /** Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  onDelivered?: DeliveredCallback;
  clock?: Clock;
}

/** Sends FCM HTTP v1 requests built by buildFcmRequest. */
export class FcmSender {
  private readonly endpoint: string;
  private readonly fetch: typeof fetch;
  private readonly clock: Clock;
  private forceRefresh = false;

  constructor(private readonly options: FcmSenderOptions) {
    this.endpoint = (options.endpoint ?? FCM_ENDPOINT).replace(/\/+$/, "");
    this.fetch = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? systemClock;
  }

  async send(request: FcmRequest): Promise<PushOutcome> {
    const outcome = await this.post(request);
    if (outcome.kind === "retryable" && outcome.reason === "UNAUTHENTICATED")
      this.forceRefresh = true;
    return reportDelivery(outcome, request.meta, this.options.onDelivered, this.clock);
  }

  private async post(request: FcmRequest): Promise<PushOutcome> {
    let response: Response;
    try {
      const token = await this.options.accessToken({ forceRefresh: this.forceRefresh });
      this.forceRefresh = false;
      response = await this.fetch(`${this.endpoint}${request.path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json; charset=utf-8",
        },
        body: request.body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      return retryable(`ConnectionError: ${(error as Error).message}`);
    }
    const text = await response.text().catch(() => "");
    const json = parseJson(text);
    if (response.ok) {
      const name = (json as { name?: unknown } | undefined)?.name;
      return typeof name === "string"
        ? { kind: "delivered", httpStatus: response.status, providerId: name }
        : { kind: "delivered", httpStatus: response.status };
    }
    return fcmOutcome(
      response.status,
      json as FcmErrorBody | undefined,
      parseRetryAfter(response.headers.get("retry-after"), this.clock.now()),
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
