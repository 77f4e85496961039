import http2, { type ClientHttp2Session, type SecureClientSessionOptions } from "node:http2";
import type { ApnsRequest } from "../../providers/apns/build-apns-request.js";
import {
  reportDelivery,
  systemClock,
  type Clock,
  type DeliveredCallback,
} from "../delivery-reporter.js";
import { retryable, type PushOutcome } from "../push-outcome.js";
import { parseRetryAfter } from "../retry-after.js";
import { apnsOutcome } from "./apns-outcome.js";
import { ApnsTokenSigner, type ApnsTokenSignerOptions } from "./apns-token-signer.js";

export const APNS_PRODUCTION = "https://api.push.apple.com";
export const APNS_SANDBOX = "https://api.sandbox.push.apple.com";

export interface ApnsSenderOptions {
  /** A shared signer, or the credentials to make one (one key/team per connection). */
  signer: ApnsTokenSigner | ApnsTokenSignerOptions;
  /** Default production; `http://` gives cleartext HTTP/2 (h2c), for local test servers. */
  endpoint?: string;
  /** TLS options for the HTTP/2 session (a private CA in tests, for instance). */
  connectOptions?: SecureClientSessionOptions;
  /** Per-request timeout (default 5 s, as node-apn). */
  requestTimeoutMs?: number;
  onDelivered?: DeliveredCallback;
  clock?: Clock;
}

/**
 * Sends APNs requests over one long-lived HTTP/2 session (Apple asks providers to keep
 * connections open), reconnecting when the server closes it. Call close() when done.
 */
export class ApnsSender {
  readonly signer: ApnsTokenSigner;
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private session: ClientHttp2Session | undefined;

  constructor(private readonly options: ApnsSenderOptions) {
    this.signer =
      options.signer instanceof ApnsTokenSigner
        ? options.signer
        : new ApnsTokenSigner(options.signer);
    this.endpoint = options.endpoint ?? APNS_PRODUCTION;
    this.timeoutMs = options.requestTimeoutMs ?? 5000;
    this.clock = options.clock ?? systemClock;
  }

  async send(request: ApnsRequest): Promise<PushOutcome> {
    const outcome = await this.post(request);
    if (outcome.kind === "retryable" && outcome.reason === "ExpiredProviderToken")
      this.signer.invalidate();
    return reportDelivery(outcome, request.meta, this.options.onDelivered, this.clock);
  }

  close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session === undefined || session.closed) return Promise.resolve();
    return new Promise((resolve) => session.close(() => resolve()));
  }

  private connect(): ClientHttp2Session {
    if (this.session !== undefined && !this.session.closed && !this.session.destroyed)
      return this.session;
    const session = http2.connect(this.endpoint, this.options.connectOptions ?? {});
    const forget = (): void => {
      if (this.session === session) this.session = undefined;
    };
    session.on("close", forget);
    session.on("goaway", forget);
    // Errors surface on the in-flight streams; without a listener they would crash the process.
    session.on("error", forget);
    this.session = session;
    return session;
  }

  private post(request: ApnsRequest): Promise<PushOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: PushOutcome): void => {
        if (!settled) {
          settled = true;
          resolve(outcome);
        }
      };
      let stream: http2.ClientHttp2Stream;
      try {
        stream = this.connect().request({
          ":method": "POST",
          ":path": request.path,
          authorization: `bearer ${this.signer.token()}`,
          "content-type": "application/json",
          ...request.headers,
        });
      } catch (error) {
        settle(retryable(`ConnectionError: ${(error as Error).message}`));
        return;
      }
      let status = 0;
      let apnsId: string | undefined;
      let retryAfter: string | undefined;
      let body = "";
      stream.setEncoding("utf8");
      stream.setTimeout(this.timeoutMs, () => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        settle(retryable("Timeout"));
      });
      stream.on("response", (headers) => {
        status = Number(headers[":status"]);
        apnsId = single(headers["apns-id"]);
        retryAfter = single(headers["retry-after"]);
      });
      stream.on("data", (chunk: string) => {
        body += chunk;
      });
      stream.on("end", () => {
        settle(
          apnsOutcome(
            status,
            reasonOf(body),
            parseRetryAfter(retryAfter, this.clock.now()),
            apnsId,
          ),
        );
      });
      stream.on("error", (error: Error) => settle(retryable(`ConnectionError: ${error.message}`)));
      stream.end(request.body);
    });
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function reasonOf(body: string): string | undefined {
  if (body === "") return undefined;
  try {
    const parsed = JSON.parse(body) as { reason?: unknown };
    return typeof parsed.reason === "string" ? parsed.reason : undefined;
  } catch {
    return undefined;
  }
}
