import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type Reply } from "../../../test/local-server.js";
import { sampleMessage } from "../../../test/sample-message.js";
import { buildFcmRequest } from "../../providers/fcm/build-fcm-message.js";
import type { DisplayEvent } from "../delivery-reporter.js";
import { sendWithRetries } from "../send-with-retries.js";
import { FcmSender } from "./fcm-sender.js";

function fcmError(
  status: number,
  rpcStatus: string,
  errorCode?: string,
  extra: object[] = [],
): Reply {
  const details = [
    ...(errorCode === undefined
      ? []
      : [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode }]),
    ...extra,
  ];
  return {
    status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ error: { code: status, message: "x", status: rpcStatus, details } }),
  };
}

/** FCM's documented error answers, keyed by the registration token the test sends to. */
const SCENARIOS: Record<string, Reply> = {
  ok: {
    status: 200,
    body: '{"name":"projects/shop-app/messages/0:1500415314455276%31bd1c9631bd1c96"}',
  },
  unregistered: fcmError(404, "NOT_FOUND", "UNREGISTERED"),
  mismatch: fcmError(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH"),
  badtoken: fcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", [
    {
      "@type": "type.googleapis.com/google.rpc.BadRequest",
      fieldViolations: [{ field: "message.token", description: "Invalid registration token" }],
    },
  ]),
  badpayload: fcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"),
  quota: {
    ...fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED"),
    headers: { "retry-after": "12" },
  },
  unavailable: fcmError(503, "UNAVAILABLE", "UNAVAILABLE"),
  internal: fcmError(500, "INTERNAL", "INTERNAL"),
  thirdparty: fcmError(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR"),
  unauthenticated: fcmError(401, "UNAUTHENTICATED"),
  html502: { status: 502, body: "<html>Bad Gateway</html>" },
};

let flaky = 0;
let server: Awaited<ReturnType<typeof startHttpServer>>;
beforeAll(async () => {
  server = await startHttpServer((request) => {
    const token = (JSON.parse(request.body.toString("utf8")) as { message: { token: string } })
      .message.token;
    if (token === "flaky")
      return flaky++ < 2
        ? { ...SCENARIOS.quota!, headers: { "retry-after": String(flaky) } }
        : SCENARIOS.ok!;
    return SCENARIOS[token]!;
  });
});
afterAll(() => server.close());

const build = (token: string) =>
  buildFcmRequest(sampleMessage(), { token }, { projectId: "shop-app" });

describe("FcmSender", () => {
  it("posts the v1 message with the provider's access token and reports delivery", async () => {
    const events: DisplayEvent[] = [];
    const sender = new FcmSender({
      accessToken: () => "ya29.token",
      endpoint: server.url,
      onDelivered: (e) => void events.push(e),
    });
    const request = build("ok");
    expect(await sender.send(request)).toEqual({
      kind: "delivered",
      httpStatus: 200,
      providerId: "projects/shop-app/messages/0:1500415314455276%31bd1c9631bd1c96",
    });
    const received = server.received.at(-1)!;
    expect(received.path).toBe("/v1/projects/shop-app/messages:send");
    expect(received.headers.authorization).toBe("Bearer ya29.token");
    expect(received.body.toString("utf8")).toBe(request.body);
    expect(events.map((e) => [e.type, e.offerId])).toEqual([["display", "offer-spring-sale"]]);
  });

  it.each([
    ["unregistered", { kind: "invalid-target", httpStatus: 404, reason: "UNREGISTERED" }],
    ["mismatch", { kind: "invalid-target", httpStatus: 403, reason: "SENDER_ID_MISMATCH" }],
    [
      "badtoken",
      { kind: "invalid-target", httpStatus: 400, reason: "INVALID_ARGUMENT: message.token" },
    ],
    ["badpayload", { kind: "rejected", httpStatus: 400, reason: "INVALID_ARGUMENT" }],
    [
      "quota",
      { kind: "retryable", httpStatus: 429, reason: "QUOTA_EXCEEDED", retryAfterMs: 12_000 },
    ],
    ["unavailable", { kind: "retryable", httpStatus: 503, reason: "UNAVAILABLE" }],
    ["internal", { kind: "retryable", httpStatus: 500, reason: "INTERNAL" }],
    ["thirdparty", { kind: "rejected", httpStatus: 401, reason: "THIRD_PARTY_AUTH_ERROR" }],
    ["unauthenticated", { kind: "retryable", httpStatus: 401, reason: "UNAUTHENTICATED" }],
    ["html502", { kind: "retryable", httpStatus: 502, reason: "HTTP 502" }],
  ])("token %s → %o, and no display event", async (token, expected) => {
    const events: DisplayEvent[] = [];
    const sender = new FcmSender({
      accessToken: () => "t",
      endpoint: server.url,
      onDelivered: (e) => void events.push(e),
    });
    expect(await sender.send(build(token))).toEqual(expected);
    expect(events).toEqual([]);
  });

  it("asks the token provider for a fresh token after a 401", async () => {
    const calls: boolean[] = [];
    const sender = new FcmSender({
      accessToken: ({ forceRefresh }) => (calls.push(forceRefresh), Promise.resolve("t")),
      endpoint: server.url,
    });
    await sender.send(build("ok"));
    await sender.send(build("unauthenticated"));
    await sender.send(build("ok"));
    await sender.send(build("ok"));
    expect(calls).toEqual([false, false, true, false]);
  });

  it("sendWithRetries waits Retry-After between attempts, then stops at delivered", async () => {
    const waits: number[] = [];
    const sender = new FcmSender({ accessToken: () => "t", endpoint: server.url });
    const outcome = await sendWithRetries(() => sender.send(build("flaky")), {
      attempts: 4,
      sleep: (ms) => (waits.push(ms), Promise.resolve()),
    });
    expect(outcome.kind).toBe("delivered");
    expect(waits).toEqual([1000, 2000]);
  });

  it("sendWithRetries backs off exponentially without Retry-After and gives up after the attempts", async () => {
    const waits: number[] = [];
    const sender = new FcmSender({ accessToken: () => "t", endpoint: server.url });
    const outcome = await sendWithRetries(() => sender.send(build("unavailable")), {
      attempts: 3,
      baseDelayMs: 100,
      sleep: (ms) => (waits.push(ms), Promise.resolve()),
    });
    expect(outcome).toMatchObject({ kind: "retryable", reason: "UNAVAILABLE" });
    expect(waits).toEqual([100, 200]);
  });
});
