import type { ExpoRequest } from "../../providers/expo/build-expo-message.js";
import {
  reportDelivery,
  systemClock,
  type Clock,
  type DeliveredCallback,
} from "../delivery-reporter.js";
import { retryable, type PushOutcome } from "../push-outcome.js";
import { parseRetryAfter } from "../retry-after.js";
import { expoOutcome, type ExpoTicket } from "./expo-outcome.js";

export const EXPO_ENDPOINT = "https://exp.host";

export interface ExpoSenderOptions {
  /** Default https://exp.host. */
  endpoint?: string;
  /** Expo access token, when the project requires one. */
  accessToken?: string;
  /** Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  onDelivered?: DeliveredCallback;
  clock?: Clock;
}

/** Sends one Expo message per request and maps its ticket (see expoOutcome). */
export class ExpoSender {
  private readonly endpoint: string;
  private readonly fetch: typeof fetch;
  private readonly clock: Clock;

  constructor(private readonly options: ExpoSenderOptions = {}) {
    this.endpoint = (options.endpoint ?? EXPO_ENDPOINT).replace(/\/+$/, "");
    this.fetch = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? systemClock;
  }

  async send(request: ExpoRequest): Promise<PushOutcome> {
    return reportDelivery(
      await this.post(request),
      request.meta,
      this.options.onDelivered,
      this.clock,
    );
  }

  private async post(request: ExpoRequest): Promise<PushOutcome> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json",
    };
    if (this.options.accessToken !== undefined)
      headers.authorization = `Bearer ${this.options.accessToken}`;
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(`${this.endpoint}/--/api/v2/push/send`, {
        method: "POST",
        headers,
        body: `[${request.body}]`,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (error) {
      return retryable(`ConnectionError: ${(error as Error).message}`);
    }
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), this.clock.now());
    if (response.status === 429 || response.status >= 500)
      return retryable(`HTTP ${response.status}`, response.status, retryAfterMs);
    const ticket = firstTicket(text);
    if (!response.ok || ticket === undefined)
      return { kind: "rejected", httpStatus: response.status, reason: `HTTP ${response.status}` };
    return expoOutcome(response.status, ticket, retryAfterMs);
  }
}

function firstTicket(text: string): ExpoTicket | undefined {
  try {
    const body = JSON.parse(text) as { data?: unknown };
    const ticket: unknown = Array.isArray(body.data) ? body.data[0] : body.data;
    return typeof ticket === "object" && ticket !== null && "status" in ticket
      ? (ticket as ExpoTicket)
      : undefined;
  } catch {
    return undefined;
  }
}
