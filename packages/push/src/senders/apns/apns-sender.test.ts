import { Buffer } from "node:buffer";
import { generateKeyPairSync, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp2Server, type Reply } from "../../../test/local-server.js";
import { sampleMessage } from "../../../test/sample-message.js";
import { buildApnsRequest } from "../../providers/apns/build-apns-request.js";
import type { DisplayEvent } from "../delivery-reporter.js";
import { ApnsSender } from "./apns-sender.js";
import { ApnsTokenSigner } from "./apns-token-signer.js";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const p8 = privateKey.export({ format: "pem", type: "pkcs8" }).toString();

/** The reply for each device token: Apple's documented statuses and reasons. */
const SCENARIOS: Record<string, Reply> = {
  aa01: { status: 200, headers: { "apns-id": "4f1c6a9e-0000-4000-8000-000000000001" } },
  aa02: { status: 400, body: '{"reason":"BadDeviceToken"}' },
  aa03: { status: 400, body: '{"reason":"DeviceTokenNotForTopic"}' },
  aa04: { status: 410, body: '{"reason":"Unregistered","timestamp":1740000000000}' },
  aa05: { status: 400, body: '{"reason":"BadCollapseId"}' },
  aa06: { status: 400, body: '{"reason":"BadExpirationDate"}' },
  aa07: { status: 403, body: '{"reason":"InvalidProviderToken"}' },
  aa08: { status: 403, body: '{"reason":"ExpiredProviderToken"}' },
  aa09: { status: 413, body: '{"reason":"PayloadTooLarge"}' },
  aa10: { status: 429, headers: { "retry-after": "30" }, body: '{"reason":"TooManyRequests"}' },
  aa11: { status: 429, body: '{"reason":"TooManyProviderTokenUpdates"}' },
  aa12: { status: 500, body: '{"reason":"InternalServerError"}' },
  aa13: { status: 503, body: '{"reason":"ServiceUnavailable"}' },
  aa14: { status: 405, body: '{"reason":"MethodNotAllowed"}' },
};

let server: Awaited<ReturnType<typeof startHttp2Server>>;
beforeAll(async () => {
  server = await startHttp2Server(
    (request) =>
      SCENARIOS[request.path.split("/").at(-1)!.slice(0, 4)] ?? {
        status: 400,
        body: '{"reason":"BadPath"}',
      },
  );
});
afterAll(() => server.close());

function clockAt(iso: string) {
  let now = new Date(iso);
  return { now: () => now, advance: (ms: number) => void (now = new Date(now.getTime() + ms)) };
}

/** Device tokens are hex; the first four digits pick the server's scenario. */
function request(scenario: string) {
  const deviceToken = scenario.repeat(16);
  return buildApnsRequest(
    sampleMessage({ offerEndDate: "2026-03-02T00:00:00Z" }),
    { deviceToken },
    { bundleId: "com.example.shop" },
  );
}

describe("ApnsSender over HTTP/2", () => {
  it("posts the built request with a valid ES256 provider token", async () => {
    const clock = clockAt("2026-03-01T12:00:00Z");
    const events: DisplayEvent[] = [];
    const sender = new ApnsSender({
      signer: { teamId: "TEAM123456", keyId: "KEY1234567", signingKey: p8, clock },
      endpoint: server.url,
      clock,
      onDelivered: (e) => void events.push(e),
    });
    const built = request("aa01");
    expect(await sender.send(built)).toEqual({
      kind: "delivered",
      httpStatus: 200,
      providerId: "4f1c6a9e-0000-4000-8000-000000000001",
    });
    await sender.close();

    const received = server.received.at(-1)!;
    expect(received.path).toBe(`/3/device/${"aa01".repeat(16)}`);
    expect(received.body.toString("utf8")).toBe(built.body);
    expect(received.headers).toMatchObject({
      "apns-push-type": "alert",
      "apns-topic": "com.example.shop",
      "apns-priority": "10",
      "apns-expiration": String(Date.parse("2026-03-02T00:00:00Z") / 1000),
    });
    const jwt = String(received.headers.authorization).replace(/^bearer /, "");
    const [header, claims, signature] = jwt.split(".");
    expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toEqual({
      alg: "ES256",
      kid: "KEY1234567",
    });
    expect(JSON.parse(Buffer.from(claims!, "base64url").toString())).toEqual({
      iss: "TEAM123456",
      iat: Date.parse("2026-03-01T12:00:00Z") / 1000,
    });
    expect(
      verify(
        "sha256",
        Buffer.from(`${header}.${claims}`),
        { key: publicKey, dsaEncoding: "ieee-p1363" },
        Buffer.from(signature!, "base64url"),
      ),
    ).toBe(true);
    expect(events.map((e) => e.id)).toEqual(["msg-0001:delivered"]);
  });

  it.each([
    ["aa02", { kind: "invalid-target", httpStatus: 400, reason: "BadDeviceToken" }],
    ["aa03", { kind: "invalid-target", httpStatus: 400, reason: "DeviceTokenNotForTopic" }],
    ["aa04", { kind: "invalid-target", httpStatus: 410, reason: "Unregistered" }],
    ["aa05", { kind: "rejected", httpStatus: 400, reason: "BadCollapseId" }],
    ["aa06", { kind: "rejected", httpStatus: 400, reason: "BadExpirationDate" }],
    ["aa07", { kind: "rejected", httpStatus: 403, reason: "InvalidProviderToken" }],
    ["aa08", { kind: "retryable", httpStatus: 403, reason: "ExpiredProviderToken" }],
    ["aa09", { kind: "rejected", httpStatus: 413, reason: "PayloadTooLarge" }],
    [
      "aa10",
      { kind: "retryable", httpStatus: 429, reason: "TooManyRequests", retryAfterMs: 30_000 },
    ],
    ["aa11", { kind: "retryable", httpStatus: 429, reason: "TooManyProviderTokenUpdates" }],
    ["aa12", { kind: "retryable", httpStatus: 500, reason: "InternalServerError" }],
    ["aa13", { kind: "retryable", httpStatus: 503, reason: "ServiceUnavailable" }],
    ["aa14", { kind: "rejected", httpStatus: 405, reason: "MethodNotAllowed" }],
  ])("device %s → %o, and no display event", async (token, expected) => {
    const events: DisplayEvent[] = [];
    const sender = new ApnsSender({
      signer: { teamId: "TEAM123456", keyId: "KEY1234567", signingKey: p8 },
      endpoint: server.url,
      onDelivered: (e) => void events.push(e),
    });
    expect(await sender.send(request(token))).toEqual(expected);
    expect(events).toEqual([]);
    await sender.close();
  });

  it("reuses one JWT across requests until it is 50 minutes old, and re-mints after ExpiredProviderToken", async () => {
    const clock = clockAt("2026-03-01T12:00:00Z");
    const signer = new ApnsTokenSigner({
      teamId: "TEAM123456",
      keyId: "KEY1234567",
      signingKey: p8,
      clock,
    });
    const sender = new ApnsSender({ signer, endpoint: server.url, clock });
    const tokens = async (count: number) => {
      const before = server.received.length;
      await Promise.all(Array.from({ length: count }, () => sender.send(request("aa01"))));
      return new Set(server.received.slice(before).map((r) => r.headers.authorization));
    };

    const first = await tokens(20);
    expect(first.size).toBe(1);
    clock.advance(49 * 60_000);
    expect(await tokens(5)).toEqual(first);
    expect(signer.minted).toBe(1);

    clock.advance(60_000);
    const second = await tokens(5);
    expect(second.size).toBe(1);
    expect(second).not.toEqual(first);
    expect(signer.minted).toBe(2);

    expect((await sender.send(request("aa08"))).kind).toBe("retryable");
    const third = await tokens(3);
    expect(third).not.toEqual(second);
    expect(signer.minted).toBe(3);
    await sender.close();
  });

  it("refuses a refresh interval outside Apple's 20–60 minute window", () => {
    expect(
      () =>
        new ApnsTokenSigner({ teamId: "T", keyId: "K", signingKey: p8, refreshAfterSeconds: 600 }),
    ).toThrow(/1200/);
  });

  it("an unreachable endpoint is retryable", async () => {
    const sender = new ApnsSender({
      signer: { teamId: "T", keyId: "K", signingKey: p8 },
      endpoint: "http://127.0.0.1:9",
    });
    const outcome = await sender.send(request("aa01"));
    expect(outcome.kind).toBe("retryable");
    await sender.close();
  });
});
