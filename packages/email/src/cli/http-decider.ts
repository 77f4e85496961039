import type { DecisionRequestInput, DecisionResponse, FeedbackEvent } from "@offerkit/core";
import { OfferkitError } from "@offerkit/core";

/**
 * Decide and track through a decision server (`--server`), so caps are shared with every other
 * channel. Plain fetch: POST /v1/decisions and /v1/events with a Bearer key (scopes decide, track).
 */
export class HttpDecider {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async decide(request: DecisionRequestInput): Promise<DecisionResponse> {
    return (await this.post("/v1/decisions", request)) as DecisionResponse;
  }

  async track(events: FeedbackEvent[]): Promise<unknown> {
    return this.post("/v1/events", { events });
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${this.apiKey}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const payload = (await response.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string };
    };
    if (!response.ok) {
      const code =
        response.status === 429
          ? "RATE_LIMITED"
          : response.status >= 500
            ? "UNAVAILABLE"
            : "BAD_REQUEST";
      throw new OfferkitError(
        code,
        `${path}: ${response.status} ${payload.error?.message ?? response.statusText}`,
      );
    }
    return payload;
  }
}
