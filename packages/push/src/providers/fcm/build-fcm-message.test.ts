import { describe, expect, it } from "vitest";
import { jsonRepresentation, rankedItem, sampleMessage } from "../../../test/sample-message.js";
import { buildFcmRequest } from "./build-fcm-message.js";

const OPTIONS = { projectId: "shop-app" };

describe("buildFcmRequest", () => {
  it("builds one v1 message with notification, string data and platform blocks", () => {
    const r = buildFcmRequest(
      sampleMessage({
        offerEndDate: "2026-03-01T13:00:00Z",
        data: { count: 3, flags: { vip: true }, none: null },
      }),
      { token: "tok-1" },
      { ...OPTIONS, android: { channelId: "offers" }, analyticsLabel: "spring" },
    );
    expect(r.path).toBe("/v1/projects/shop-app/messages:send");
    expect(Object.keys(r.message)).toEqual([
      "token",
      "notification",
      "data",
      "android",
      "apns",
      "webpush",
      "fcm_options",
    ]);
    expect(r.message.notification).toEqual({
      title: "Spring sale",
      body: "20% off everything this weekend",
      image: "https://cdn.example/spring.png",
    });
    expect(r.message.data).toEqual({
      pid: "prop-7f3a",
      oid: "offer-spring-sale",
      plc: "push-main",
      mid: "msg-0001",
      dl: "https://shop.example/offers/spring?src=push",
      trk: "v1.k1.eyJwIjoicHJvcC03ZjNhIn0.c2lnbmF0dXJl",
      count: "3",
      flags: '{"vip":true}',
      none: "null",
    });
    expect(r.message.android).toEqual({
      priority: "HIGH",
      ttl: "3600s",
      notification: { channel_id: "offers" },
    });
    expect(r.message.apns.headers["apns-expiration"]).toBe(
      String(Date.parse("2026-03-01T13:00:00Z") / 1000),
    );
    expect(r.message.apns.payload.aps["mutable-content"]).toBe(1);
    expect(r.message.apns.fcm_options).toEqual({ image: "https://cdn.example/spring.png" });
    expect(r.message.webpush).toEqual({
      headers: { TTL: "3600" },
      fcm_options: { link: "https://shop.example/offers/spring?src=push" },
    });
    expect(JSON.parse(r.body)).toEqual({ message: r.message });
  });

  it("refuses reserved data keys", () => {
    for (const key of [
      "from",
      "message_type",
      "collapse_key",
      "google.c.a",
      "gcm.notification.x",
      "notification",
    ]) {
      expect(() =>
        buildFcmRequest(sampleMessage({ data: { [key]: "x" } }), { token: "t" }, OPTIONS),
      ).toThrow(/reserved/);
    }
  });

  it("takes exactly one target and uses the 2048-byte limit for topics and conditions", () => {
    expect(() =>
      buildFcmRequest(sampleMessage(), { token: "a", topic: "b" } as never, OPTIONS),
    ).toThrow(/exactly one/);
    expect(() => buildFcmRequest(sampleMessage(), { topic: "bad topic!" }, OPTIONS)).toThrow(
      /topic/,
    );
    expect(buildFcmRequest(sampleMessage(), { topic: "/topics/news" }, OPTIONS).message.topic).toBe(
      "news",
    );
    const long = sampleMessage({
      item: rankedItem(jsonRepresentation({ title: "T", body: "w ".repeat(3000) })),
    });
    const topic = buildFcmRequest(long, { condition: "'a' in topics" }, OPTIONS);
    expect(topic.limit).toBe(2048);
    expect(topic.byteLength).toBeLessThanOrEqual(2048);
    expect(buildFcmRequest(long, { fid: "fid-1" }, OPTIONS).byteLength).toBeGreaterThan(2048);
  });

  it("validates TTL, colour and web push headers; sets validate_only", () => {
    expect(() =>
      buildFcmRequest(sampleMessage(), { token: "t" }, { ...OPTIONS, ttlSeconds: 2_419_201 }),
    ).toThrow(/ttl/i);
    expect(() =>
      buildFcmRequest(sampleMessage(), { token: "t" }, { ...OPTIONS, android: { color: "red" } }),
    ).toThrow(/rrggbb/);
    expect(() =>
      buildFcmRequest(
        sampleMessage(),
        { token: "t" },
        { ...OPTIONS, webpush: { topic: "x".repeat(33) } },
      ),
    ).toThrow(/topic/);
    expect(
      JSON.parse(
        buildFcmRequest(sampleMessage(), { token: "t" }, { ...OPTIONS, validateOnly: true }).body,
      ),
    ).toMatchObject({
      validate_only: true,
    });
  });

  it("does not offer a non-https deep link as the web click link", () => {
    const app = sampleMessage({
      item: rankedItem(jsonRepresentation({ body: "b", deepLink: "shop://offer/1" })),
    });
    const r = buildFcmRequest(app, { token: "t" }, OPTIONS);
    expect(r.message.webpush.fcm_options).toBeUndefined();
    expect(r.message.data.dl).toBe("shop://offer/1");
  });
});
