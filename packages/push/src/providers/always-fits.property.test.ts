import { Buffer } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonRepresentation, rankedItem, sampleMessage } from "../../test/sample-message.js";
import { truncationProblem, unicodeText } from "../../test/unicode-text.js";
import { PayloadTooLargeError } from "../errors/payload-too-large-error.js";
import type { PushMessage } from "../message/push-message.js";
import { buildApnsRequest } from "./apns/build-apns-request.js";
import { buildExpoRequest } from "./expo/build-expo-message.js";
import { buildFcmRequest } from "./fcm/build-fcm-message.js";
import { buildWebPushRequest } from "./webpush/build-web-push-request.js";

const DEEP_LINK = "https://shop.example/o/spring?utm=push&x=%F0%9F%98%80";
const IMAGE = "https://cdn.example/img/spring.png";
const SUBSCRIPTION = {
  endpoint: "https://push.example/send/abc",
  keys: { p256dh: "BPk", auth: "YXV0aA" },
};

interface Built {
  body: string;
  byteLength: number;
  /** The text fields as emitted, and the attribution keys. */
  title: string | undefined;
  subtitle: string | undefined;
  text: string;
  ids: Record<string, string | undefined>;
  image: string | undefined;
}

type Case = { name: string; limit: number; subtitle: boolean; build: (m: PushMessage) => Built };

const CASES: Case[] = [
  {
    name: "APNs alert",
    limit: 4096,
    subtitle: true,
    build: (m) => {
      const r = buildApnsRequest(
        m,
        { deviceToken: "a1b2c3d4".repeat(8) },
        { bundleId: "com.example.shop" },
      );
      const { aps, img, ...ids } = r.payload;
      return {
        body: r.body,
        byteLength: r.byteLength,
        ...alertText(aps.alert),
        ids: ids as Built["ids"],
        image: img,
      };
    },
  },
  {
    name: "APNs VoIP",
    limit: 5120,
    subtitle: true,
    build: (m) => {
      const r = buildApnsRequest(
        m,
        { deviceToken: "a1b2c3d4".repeat(8) },
        { bundleId: "com.example.shop", pushType: "voip" },
      );
      const { aps, img, ...ids } = r.payload;
      return {
        body: r.body,
        byteLength: r.byteLength,
        ...alertText(aps.alert),
        ids: ids as Built["ids"],
        image: img,
      };
    },
  },
  ...(["token", "topic"] as const).map(
    (kind): Case => ({
      name: `FCM ${kind}`,
      limit: kind === "topic" ? 2048 : 4096,
      subtitle: false,
      build: (m) => {
        const target =
          kind === "topic" ? { topic: "spring-sale" } : { token: "fcm-token-".repeat(16) };
        const r = buildFcmRequest(m, target, { projectId: "shop-app" });
        const sent = (JSON.parse(r.body) as { message: unknown }).message;
        expect(sent).toEqual(r.message);
        return {
          body: JSON.stringify(r.message),
          byteLength: r.byteLength,
          title: r.message.notification.title,
          subtitle: undefined,
          text: r.message.notification.body,
          ids: r.message.data,
          image: r.message.notification.image,
        };
      },
    }),
  ),
  ...(["aes128gcm", "aesgcm"] as const).map(
    (contentEncoding): Case => ({
      name: `Web Push ${contentEncoding}`,
      limit: contentEncoding === "aes128gcm" ? 3993 : 4078,
      subtitle: false,
      build: (m) => {
        const r = buildWebPushRequest(m, SUBSCRIPTION, { contentEncoding });
        const n = r.payload.notification;
        expect(n.navigate).toBe(DEEP_LINK);
        return {
          body: r.body,
          byteLength: r.byteLength,
          title: n.title,
          subtitle: undefined,
          text: n.body,
          ids: n.data as Built["ids"],
          image: n.image,
        };
      },
    }),
  ),
  {
    name: "Expo",
    limit: 4096,
    subtitle: true,
    build: (m) => {
      const r = buildExpoRequest(m, { to: "ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]" });
      const x = r.message;
      return {
        body: r.body,
        byteLength: r.byteLength,
        title: x.title,
        subtitle: x.subtitle,
        text: x.body,
        ids: x.data as Built["ids"],
        image: x.richContent?.image,
      };
    },
  },
];

function alertText(alert: { title?: string; subtitle?: string; body: string } | undefined) {
  return { title: alert?.title, subtitle: alert?.subtitle, text: alert?.body ?? "" };
}

function messageWith(title: string, subtitle: string, body: string): PushMessage {
  return sampleMessage({
    item: rankedItem(
      jsonRepresentation({ title, subtitle, body, deepLink: DEEP_LINK, imageUrl: IMAGE }),
    ),
  });
}

describe.each(CASES)("$name payloads always fit", ({ limit, subtitle: hasSubtitle, build }) => {
  it("are valid JSON within the byte limit, cut on grapheme boundaries, with ids and links intact", () => {
    let cut = 0;
    fc.assert(
      fc.property(
        unicodeText(40),
        unicodeText(40),
        nonEmpty(unicodeText(Math.ceil(limit / 4))),
        (title, subtitle, body) => {
          const built = build(messageWith(title, subtitle, body));

          expect(Buffer.byteLength(built.body, "utf8")).toBe(built.byteLength);
          expect(built.byteLength).toBeLessThanOrEqual(limit);
          expect(() => JSON.parse(built.body) as unknown).not.toThrow();

          if (built.text !== body) cut++;
          expect(truncationProblem(body, built.text)).toBeUndefined();
          expect(truncationProblem(title, built.title ?? "")).toBeUndefined();
          if (hasSubtitle)
            expect(truncationProblem(subtitle, built.subtitle ?? "")).toBeUndefined();

          // Documented order: the title is only cut once the body (and subtitle) gave everything.
          if ((built.title ?? "") !== title) expect(built.text).toBe("");

          expect(built.ids).toMatchObject({
            pid: "prop-7f3a",
            oid: "offer-spring-sale",
            plc: "push-main",
            mid: "msg-0001",
            dl: DEEP_LINK,
            trk: "v1.k1.eyJwIjoicHJvcC03ZjNhIn0.c2lnbmF0dXJl",
          });
          expect(built.image).toBe(IMAGE);
        },
      ),
      { numRuns: 60 },
    );
    // The generator must actually exercise truncation, or the property proves little.
    expect(cut).toBeGreaterThanOrEqual(15);
  });
});

describe.each(CASES)("$name with uncuttable parts", ({ limit, build }) => {
  it("either fits with the token intact or refuses with PayloadTooLarge, never over the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: limit + 200 }),
        unicodeText(100),
        (tokenLength, body) => {
          const trackingToken = "t".repeat(tokenLength);
          const message = sampleMessage({
            trackingToken,
            item: rankedItem(
              jsonRepresentation({
                title: "Sale",
                body: `B${body}`,
                deepLink: DEEP_LINK,
                imageUrl: IMAGE,
              }),
            ),
          });
          let built: Built;
          try {
            built = build(message);
          } catch (error) {
            expect(error).toBeInstanceOf(PayloadTooLargeError);
            expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", limit });
            // Refused only when the token alone leaves no room for the other fixed parts.
            expect(tokenLength).toBeGreaterThan(limit - 1200);
            return;
          }
          expect(built.byteLength).toBeLessThanOrEqual(limit);
          expect(built.ids.trk).toBe(trackingToken);
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** Content needs some text; a leading letter keeps whatever follows random. */
function nonEmpty(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return text.map((t) => `B${t}`);
}
