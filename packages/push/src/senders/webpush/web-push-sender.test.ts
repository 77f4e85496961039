import { Buffer } from "node:buffer";
import { createECDH, createPublicKey, randomBytes, verify } from "node:crypto";
import { decrypt } from "http_ece";
import webpush from "web-push";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type Reply } from "../../../test/local-server.js";
import { jsonRepresentation, rankedItem, sampleMessage } from "../../../test/sample-message.js";
import { buildWebPushRequest } from "../../providers/webpush/build-web-push-request.js";
import type { DisplayEvent } from "../delivery-reporter.js";
import { WebPushSender } from "./web-push-sender.js";

// The browser's side of the subscription: its P-256 key pair and auth secret.
const browserKeys = createECDH("prime256v1");
browserKeys.generateKeys();
const authSecret = randomBytes(16).toString("base64url");
const vapid = { subject: "mailto:push@shop.example", ...webpush.generateVAPIDKeys() };

let nextReply: Reply = { status: 201 };
const decrypted: string[] = [];
let server: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
  server = await startHttpServer((request) => {
    // The push service holds nothing but the ciphertext; decrypt it as the browser would.
    decrypted.push(
      decrypt(request.body, { version: "aes128gcm", privateKey: browserKeys, authSecret }).toString(
        "utf8",
      ),
    );
    return nextReply;
  });
});
afterAll(() => server.close());

function subscription() {
  return {
    endpoint: `${server.url}/push/sub-1`,
    keys: { p256dh: browserKeys.getPublicKey().toString("base64url"), auth: authSecret },
  };
}

describe("WebPushSender end to end", () => {
  it("delivers an aes128gcm body that decrypts to exactly the built payload, with VAPID and RFC 8030 headers", async () => {
    const events: DisplayEvent[] = [];
    const sender = new WebPushSender({
      vapid,
      onDelivered: (e) => void events.push(e),
      clock: { now: () => new Date("2026-03-01T12:00:05Z") },
    });
    const request = buildWebPushRequest(
      sampleMessage({ offerEndDate: "2026-03-01T13:00:00Z" }),
      subscription(),
      { urgency: "high", topic: "spring" },
    );
    nextReply = { status: 201, headers: { location: "https://push.example/m/42" } };

    const outcome = await sender.send(request);

    expect(outcome).toEqual({
      kind: "delivered",
      httpStatus: 201,
      providerId: "https://push.example/m/42",
    });
    expect(decrypted.at(-1)).toBe(request.body);
    const received = server.received.at(-1)!;
    expect(received.path).toBe("/push/sub-1");
    expect(received.headers["content-encoding"]).toBe("aes128gcm");
    expect(received.headers.ttl).toBe("3600");
    expect(received.headers.urgency).toBe("high");
    expect(received.headers.topic).toBe("spring");
    expect(received.body.length).toBe(request.byteLength + 86 + 16 + 1);

    // VAPID: a JWT for this push service's origin, signed by our application server key.
    const match = /^vapid t=([^,]+), k=(.+)$/.exec(String(received.headers.authorization))!;
    expect(match[2]).toBe(vapid.publicKey);
    const [header, claims, signature] = match[1]!.split(".");
    expect(JSON.parse(Buffer.from(claims!, "base64url").toString())).toMatchObject({
      aud: server.url,
      sub: vapid.subject,
    });
    const point = Buffer.from(vapid.publicKey, "base64url");
    const key = createPublicKey({
      key: {
        kty: "EC",
        crv: "P-256",
        x: point.subarray(1, 33).toString("base64url"),
        y: point.subarray(33).toString("base64url"),
      },
      format: "jwk",
    });
    expect(
      verify(
        "sha256",
        Buffer.from(`${header}.${claims}`),
        { key, dsaEncoding: "ieee-p1363" },
        Buffer.from(signature!, "base64url"),
      ),
    ).toBe(true);

    expect(events).toEqual([
      {
        id: "msg-0001:delivered",
        timestamp: "2026-03-01T12:00:05.000Z",
        profileId: "user-1",
        propositionId: "prop-7f3a",
        decisionId: "dec-spring",
        placementId: "push-main",
        type: "display",
        offerId: "offer-spring-sale",
      },
    ]);
  });

  it("a payload truncated to the 3993-byte limit encrypts to a body of at most 4096 bytes and survives the trip", async () => {
    const long = sampleMessage({
      item: rankedItem(
        jsonRepresentation({
          title: "Soldes 🇫🇷",
          body: "Prix cassés 👩🏾‍💻 ".repeat(400),
          deepLink: "https://shop.example/o",
        }),
      ),
    });
    const request = buildWebPushRequest(long, subscription());
    expect(request.truncated).toBe(true);
    nextReply = { status: 201 };
    expect((await new WebPushSender({ vapid }).send(request)).kind).toBe("delivered");
    expect(decrypted.at(-1)).toBe(request.body);
    expect(server.received.at(-1)!.body.length).toBeLessThanOrEqual(4096);
    expect(server.received.at(-1)!.body.length).toBeGreaterThan(4080);
  });

  it.each([
    [{ status: 404 }, { kind: "invalid-target", httpStatus: 404, reason: "HTTP 404" }],
    [{ status: 410 }, { kind: "invalid-target", httpStatus: 410, reason: "HTTP 410" }],
    [
      { status: 429, headers: { "retry-after": "7" } },
      { kind: "retryable", httpStatus: 429, reason: "HTTP 429", retryAfterMs: 7000 },
    ],
    [{ status: 503 }, { kind: "retryable", httpStatus: 503, reason: "HTTP 503" }],
    [{ status: 413 }, { kind: "rejected", httpStatus: 413, reason: "HTTP 413" }],
    [{ status: 403 }, { kind: "rejected", httpStatus: 403, reason: "HTTP 403" }],
  ] satisfies [Reply, unknown][])(
    "answer %o → %o, and no display event",
    async (reply, expected) => {
      const events: DisplayEvent[] = [];
      nextReply = reply;
      const sender = new WebPushSender({ vapid, onDelivered: (e) => void events.push(e) });
      expect(await sender.send(buildWebPushRequest(sampleMessage(), subscription()))).toEqual(
        expected,
      );
      expect(events).toEqual([]);
    },
  );

  it("an unreachable push service is retryable", async () => {
    const gone = { ...subscription(), endpoint: "http://127.0.0.1:9/push" };
    const outcome = await new WebPushSender({ vapid }).send(
      buildWebPushRequest(sampleMessage(), gone),
    );
    expect(outcome.kind).toBe("retryable");
  });
});
