import type { DecisionRequestInput, DecisionResponse, FeedbackEvent } from "@offerkit/core";
import { OfferkitError } from "@offerkit/core";

/**
 * Decide and track through a decision server (`--server`), so caps are shared with every other
 * channel, and honour the unsubscribes the server received. Plain fetch: POST /v1/decisions,
 * POST /v1/events and GET /v1/email/suppressions/:id with a Bearer key (scopes decide, track).
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

  /** Unsubscribed from `listId` or from everything (one-click unsubscribes land on the server). */
  async isSuppressed(recipientId: string, listId?: string): Promise<boolean> {
    const query = listId === undefined ? "" : `?listId=${encodeURIComponent(listId)}`;
    const status = (await this.request(
      "GET",
      `/v1/email/suppressions/${encodeURIComponent(recipientId)}${query}`,
    )) as { suppressed?: unknown };
    if (typeof status.suppressed !== "boolean")
      throw new OfferkitError("UNAVAILABLE", "the server's suppression answer has no status");
    return status.suppressed;
  }

  private post(path: string, body: unknown): Promise<unknown> {
    return this.request("POST", path, body);
  }

  private async request(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        Authorization: `Bearer ${this.apiKey}`,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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
