import { describe, expect, it } from "vitest";
import {
  jsonRepresentation,
  NOW,
  rankedItem,
  sampleMessage,
} from "../../../test/sample-message.js";
import { OfferExpiredError } from "../../errors/offer-expired-error.js";
import { PayloadTooLargeError } from "../../errors/payload-too-large-error.js";
import { InvalidPushInputError } from "../../errors/push-error.js";
import { buildApnsRequest } from "./build-apns-request.js";

const TOKEN = "0f".repeat(32);
const OPTIONS = { bundleId: "com.example.shop" };

describe("buildApnsRequest", () => {
  it("builds headers and payload in a fixed key order, byte-stable across builds", () => {
    const r = buildApnsRequest(
      sampleMessage({ offerEndDate: "2026-03-02T12:00:00Z" }),
      { deviceToken: TOKEN },
      OPTIONS,
    );
    expect(r.path).toBe(`/3/device/${TOKEN}`);
    expect(r.headers).toEqual({
      "apns-push-type": "alert",
      "apns-topic": "com.example.shop",
      "apns-priority": "10",
      "apns-expiration": String(Date.parse("2026-03-02T12:00:00Z") / 1000),
    });
    expect(r.body).toBe(
      '{"aps":{"alert":{"title":"Spring sale","body":"20% off everything this weekend"},"mutable-content":1,' +
        '"interruption-level":"active","relevance-score":0.42},"img":"https://cdn.example/spring.png",' +
        '"pid":"prop-7f3a","oid":"offer-spring-sale","plc":"push-main","mid":"msg-0001",' +
        '"dl":"https://shop.example/offers/spring?src=push","trk":"v1.k1.eyJwIjoicHJvcC03ZjNhIn0.c2lnbmF0dXJl"}',
    );
    const again = buildApnsRequest(
      sampleMessage({ offerEndDate: "2026-03-02T12:00:00Z", data: { b: 1, a: "x" } }),
      { deviceToken: TOKEN },
      OPTIONS,
    );
    const reordered = buildApnsRequest(
      sampleMessage({ offerEndDate: "2026-03-02T12:00:00Z", data: { a: "x", b: 1 } }),
      { deviceToken: TOKEN },
      OPTIONS,
    );
    expect(again.body).toBe(reordered.body);
    expect(again.body.endsWith(',"a":"x","b":1}')).toBe(true);
  });

  it("caps the expiration at the TTL when the offer ends later or never", () => {
    const r = buildApnsRequest(
      sampleMessage(),
      { deviceToken: TOKEN },
      { ...OPTIONS, ttlSeconds: 3600 },
    );
    expect(r.headers["apns-expiration"]).toBe(String(NOW.getTime() / 1000 + 3600));
  });

  it("refuses an expired offer", () => {
    expect(() =>
      buildApnsRequest(
        sampleMessage({ offerEndDate: "2026-03-01T11:59:59Z" }),
        { deviceToken: TOKEN },
        OPTIONS,
      ),
    ).toThrow(OfferExpiredError);
  });

  it("background pushes carry content-available only, at priority 5", () => {
    const r = buildApnsRequest(
      sampleMessage(),
      { deviceToken: TOKEN },
      { ...OPTIONS, pushType: "background" },
    );
    expect(r.headers["apns-priority"]).toBe("5");
    expect(r.payload.aps).toEqual({ "content-available": 1 });
    expect(r.payload.pid).toBe("prop-7f3a");
    expect(() =>
      buildApnsRequest(
        sampleMessage(),
        { deviceToken: TOKEN },
        { ...OPTIONS, pushType: "background", priority: 10 },
      ),
    ).toThrow(InvalidPushInputError);
  });

  it("VoIP pushes use the .voip topic and the 5120-byte limit", () => {
    const long = sampleMessage({
      item: rankedItem(jsonRepresentation({ body: "x".repeat(6000) })),
    });
    const voip = buildApnsRequest(long, { deviceToken: TOKEN }, { ...OPTIONS, pushType: "voip" });
    expect(voip.headers["apns-topic"]).toBe("com.example.shop.voip");
    expect(voip.byteLength).toBeLessThanOrEqual(5120);
    expect(voip.byteLength).toBeGreaterThan(5100);
    const alert = buildApnsRequest(long, { deviceToken: TOKEN }, OPTIONS);
    expect(alert.byteLength).toBeLessThanOrEqual(4096);
    expect(alert.byteLength).toBeGreaterThan(4076);
    expect(alert.truncated).toBe(true);
    expect(alert.payload.aps.alert?.body.endsWith("x…")).toBe(true);
  });

  it("time-sensitive only for flagged offers; relevance score clamped; no score for fallbacks", () => {
    const flagged = sampleMessage({
      item: rankedItem(jsonRepresentation({ body: "Ends tonight" }), {
        attributes: { timeSensitive: true },
        score: 37,
      }),
    });
    const r = buildApnsRequest(flagged, { deviceToken: TOKEN }, OPTIONS);
    expect(r.payload.aps["interruption-level"]).toBe("time-sensitive");
    expect(r.payload.aps["relevance-score"]).toBe(1);
    const fallback = sampleMessage({
      item: {
        offerId: "fb",
        name: "Fallback",
        attributes: {},
        representation: { placementId: "push-main", type: "text", content: "Hi" },
      },
    });
    const f = buildApnsRequest(fallback, { deviceToken: TOKEN }, OPTIONS);
    expect(f.payload.aps["relevance-score"]).toBeUndefined();
    expect(f.payload.aps.alert).toEqual({ body: "Hi" });
  });

  it("checks collapse id length, token format and reserved custom keys", () => {
    expect(() =>
      buildApnsRequest(
        sampleMessage(),
        { deviceToken: TOKEN },
        { ...OPTIONS, collapseId: "é".repeat(33) },
      ),
    ).toThrow(/collapseId/);
    expect(
      buildApnsRequest(
        sampleMessage(),
        { deviceToken: TOKEN },
        { ...OPTIONS, collapseId: "c".repeat(64) },
      ).headers["apns-collapse-id"],
    ).toHaveLength(64);
    expect(() => buildApnsRequest(sampleMessage(), { deviceToken: "../../x" }, OPTIONS)).toThrow(
      /deviceToken/,
    );
    expect(() =>
      buildApnsRequest(sampleMessage({ data: { aps: 1 } }), { deviceToken: TOKEN }, OPTIONS),
    ).toThrow(/reserved/);
    expect(() =>
      buildApnsRequest(sampleMessage({ data: { pid: "x" } }), { deviceToken: TOKEN }, OPTIONS),
    ).toThrow(/reserved/);
  });

  it("throws PayloadTooLarge when uncuttable data alone overflows", () => {
    const error = (() => {
      try {
        buildApnsRequest(
          sampleMessage({ data: { blob: "z".repeat(4100) } }),
          { deviceToken: TOKEN },
          OPTIONS,
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", limit: 4096 });
  });
});
