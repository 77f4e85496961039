import { describe, expect, it } from "vitest";
import { jsonRepresentation, rankedItem, sampleMessage } from "../../../test/sample-message.js";
import { buildWebPushRequest } from "./build-web-push-request.js";

const SUBSCRIPTION = {
  endpoint: "https://push.example/s/1",
  keys: { p256dh: "BPk", auth: "YXV0aA" },
};

describe("buildWebPushRequest", () => {
  it("emits the declarative shape with navigate, and the attribution in notification.data", () => {
    const r = buildWebPushRequest(
      sampleMessage({ offerEndDate: "2026-03-01T12:30:00Z" }),
      SUBSCRIPTION,
      { urgency: "high", topic: "spring" },
    );
    expect(r.body).toBe(
      '{"web_push":8030,"notification":{"title":"Spring sale","body":"20% off everything this weekend",' +
        '"navigate":"https://shop.example/offers/spring?src=push","image":"https://cdn.example/spring.png",' +
        '"data":{"pid":"prop-7f3a","oid":"offer-spring-sale","plc":"push-main","mid":"msg-0001",' +
        '"dl":"https://shop.example/offers/spring?src=push","trk":"v1.k1.eyJwIjoicHJvcC03ZjNhIn0.c2lnbmF0dXJl"}}}',
    );
    expect(r.headers).toEqual({ TTL: "1800", Urgency: "high", Topic: "spring" });
    expect(r.limit).toBe(3993);
  });

  it("sets lang and dir from the chosen locale; no declarative shape without an https link", () => {
    const message = sampleMessage({
      locale: "ar-EG",
      item: rankedItem(
        jsonRepresentation({
          body: "Sale",
          deepLink: "shop://o/1",
          locales: { ar: { title: "تخفيضات", body: "خصم" } },
        }),
      ),
    });
    const r = buildWebPushRequest(message, SUBSCRIPTION, { declarative: true });
    expect(r.payload.web_push).toBeUndefined();
    expect(r.payload.notification).toMatchObject({
      title: "تخفيضات",
      body: "خصم",
      lang: "ar",
      dir: "rtl",
    });
  });

  it("uses the default title when the content has none, and validates urgency and topic", () => {
    const message = sampleMessage({
      item: rankedItem(jsonRepresentation({ body: "b" })),
      defaultTitle: "Shop",
    });
    expect(buildWebPushRequest(message, SUBSCRIPTION).payload.notification.title).toBe("Shop");
    expect(() => buildWebPushRequest(message, SUBSCRIPTION, { topic: "has space" })).toThrow(
      /topic/,
    );
    expect(() =>
      buildWebPushRequest(message, SUBSCRIPTION, { urgency: "urgent" as never }),
    ).toThrow(/urgency/);
  });
});
