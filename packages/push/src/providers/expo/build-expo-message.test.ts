import { describe, expect, it } from "vitest";
import { sampleMessage } from "../../../test/sample-message.js";
import { buildExpoRequest } from "./build-expo-message.js";

describe("buildExpoRequest", () => {
  it("builds an Expo message with data, ttl/expiration and rich image", () => {
    const r = buildExpoRequest(
      sampleMessage({ offerEndDate: "2026-03-01T12:10:00Z" }),
      { to: "ExponentPushToken[abc123]" },
      { channelId: "offers" },
    );
    expect(r.message).toEqual({
      to: "ExponentPushToken[abc123]",
      title: "Spring sale",
      body: "20% off everything this weekend",
      data: {
        pid: "prop-7f3a",
        oid: "offer-spring-sale",
        plc: "push-main",
        mid: "msg-0001",
        dl: "https://shop.example/offers/spring?src=push",
        trk: "v1.k1.eyJwIjoicHJvcC03ZjNhIn0.c2lnbmF0dXJl",
      },
      ttl: 600,
      expiration: Date.parse("2026-03-01T12:10:00Z") / 1000,
      priority: "high",
      channelId: "offers",
      interruptionLevel: "active",
      mutableContent: true,
      richContent: { image: "https://cdn.example/spring.png" },
    });
    expect(JSON.parse(r.body)).toEqual(r.message);
  });

  it("refuses a token that is not an Expo push token", () => {
    expect(() => buildExpoRequest(sampleMessage(), { to: "abc" })).toThrow(/Expo push token/);
  });
});
