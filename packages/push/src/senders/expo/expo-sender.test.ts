import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type Reply } from "../../../test/local-server.js";
import { sampleMessage } from "../../../test/sample-message.js";
import { buildExpoRequest } from "../../providers/expo/build-expo-message.js";
import type { DisplayEvent } from "../delivery-reporter.js";
import { ExpoSender } from "./expo-sender.js";

const ticket = (data: object): Reply => ({
  status: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ data: [data] }),
});

/** Expo's answers, keyed by the push token the test sends to. */
const SCENARIOS: Record<string, Reply> = {
  ok: ticket({ status: "ok", id: "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX" }),
  gone: ticket({
    status: "error",
    message: "not a registered push notification recipient",
    details: { error: "DeviceNotRegistered" },
  }),
  rate: {
    ...ticket({ status: "error", message: "slow down", details: { error: "MessageRateExceeded" } }),
    headers: { "retry-after": "3" },
  },
  big: ticket({ status: "error", message: "too big", details: { error: "MessageTooBig" } }),
  busy: { status: 503, body: "unavailable" },
  throttled: { status: 429, headers: { "retry-after": "9" }, body: "" },
};

let server: Awaited<ReturnType<typeof startHttpServer>>;
beforeAll(async () => {
  server = await startHttpServer((request) => {
    const [message] = JSON.parse(request.body.toString("utf8")) as [{ to: string }];
    return SCENARIOS[/\[(\w+)\]/.exec(message.to)![1]!]!;
  });
});
afterAll(() => server.close());

const build = (name: string) =>
  buildExpoRequest(sampleMessage(), { to: `ExponentPushToken[${name}]` });

describe("ExpoSender", () => {
  it("posts the message as a one-element array and reports an ok ticket as delivered", async () => {
    const events: DisplayEvent[] = [];
    const sender = new ExpoSender({
      endpoint: server.url,
      accessToken: "expo-token",
      onDelivered: (e) => void events.push(e),
    });
    const request = build("ok");
    expect(await sender.send(request)).toEqual({
      kind: "delivered",
      httpStatus: 200,
      providerId: "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX",
    });
    const received = server.received.at(-1)!;
    expect(received.path).toBe("/--/api/v2/push/send");
    expect(received.headers.authorization).toBe("Bearer expo-token");
    expect(JSON.parse(received.body.toString("utf8"))).toEqual([request.message]);
    expect(events).toHaveLength(1);
  });

  it.each([
    ["gone", { kind: "invalid-target", httpStatus: 200, reason: "DeviceNotRegistered" }],
    [
      "rate",
      { kind: "retryable", httpStatus: 200, reason: "MessageRateExceeded", retryAfterMs: 3000 },
    ],
    ["big", { kind: "rejected", httpStatus: 200, reason: "MessageTooBig" }],
    ["busy", { kind: "retryable", httpStatus: 503, reason: "HTTP 503" }],
    ["throttled", { kind: "retryable", httpStatus: 429, reason: "HTTP 429", retryAfterMs: 9000 }],
  ])("token %s → %o", async (name, expected) => {
    expect(await new ExpoSender({ endpoint: server.url }).send(build(name))).toEqual(expected);
  });
});
