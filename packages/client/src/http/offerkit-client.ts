import ky, { type KyInstance, type Options, type RetryOptions } from "ky";
import type { DecisionResponse, FeedbackEvent } from "@offerkit/core";
import { toClientError } from "../errors/to-client-error.js";
import type { DecisionSource, EventSink, OfferRequest, TrackResult } from "./offer-request.js";
import { decideRetry, simulateRetry, trackRetry } from "./retry-policy.js";

export interface OfferkitClientOptions {
  /** Where the API lives: "https://decisions.example.com" or, in a browser, "/offerkit" on the app. */
  baseUrl: string;
  /** Bearer key. Server side only: a key shipped to browsers is a key given away. */
  apiKey?: string;
  /** Per call, including retries (default 2000 ms; a page cannot wait longer for an offer). */
  timeoutMs?: number;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export interface OfferkitClient extends DecisionSource, EventSink {
  decide(request: OfferRequest, options?: { signal?: AbortSignal }): Promise<DecisionResponse>;
  /** Always a dry run with a trace: no caps reserved, no events. */
  simulate(request: OfferRequest): Promise<DecisionResponse>;
  track(events: FeedbackEvent[], options?: { keepalive?: boolean }): Promise<TrackResult>;
  /**
   * Fire-and-forget delivery while the page is being hidden or unloaded. Uses sendBeacon when no
   * credentials are needed (beacons cannot carry headers), else a keepalive fetch.
   * Returns false when the browser refused to queue it.
   */
  beacon(events: FeedbackEvent[]): boolean;
}

export function createOfferkitClient(options: OfferkitClientOptions): OfferkitClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  const url = (path: string): string => `${base}/v1/${path}`;
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  const http: KyInstance = ky.create({
    timeout: options.timeoutMs ?? 2000,
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  async function post<T>(
    path: string,
    json: unknown,
    retry: RetryOptions,
    extra: Options = {},
  ): Promise<T> {
    try {
      return await http.post(url(path), { json, retry, ...extra }).json<T>();
    } catch (error) {
      throw await toClientError(error);
    }
  }

  return {
    decide: (request, opts = {}) =>
      post<DecisionResponse>(
        "decisions",
        request,
        decideRetry,
        opts.signal ? { signal: opts.signal } : {},
      ),
    simulate: (request) =>
      post<DecisionResponse>(
        "simulate",
        { ...request, options: { ...request.options, dryRun: true, explain: true } },
        simulateRetry,
      ),
    track: (events, opts = {}) =>
      post<TrackResult>(
        "events",
        { events },
        trackRetry,
        opts.keepalive ? { keepalive: true } : {},
      ),
    beacon(events) {
      const body = JSON.stringify({ events });
      const nav = globalThis.navigator as Navigator | undefined;
      // text/plain is CORS-safelisted, so the beacon needs no preflight; servers parse it as JSON.
      if (options.apiKey === undefined && typeof nav?.sendBeacon === "function") {
        return nav.sendBeacon(
          url("events"),
          new Blob([body], { type: "text/plain;charset=UTF-8" }),
        );
      }
      void (options.fetch ?? fetch)(url("events"), {
        method: "POST",
        body,
        keepalive: true,
        headers: { ...headers, "content-type": "application/json" },
      }).catch(() => undefined);
      return true;
    },
  };
}
