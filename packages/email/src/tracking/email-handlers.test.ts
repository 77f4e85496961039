import { describe, expect, it } from "vitest";
import { TRACKING_BASE, testTokens } from "../../test/support/tracking-keys.js";
import { emailEventId, messageKey } from "../render/message-identity.js";
import { EmailTokenCodec } from "./email-token-codec.js";
import { createEmailHandlers } from "./email-handlers.js";
import { EmailLinks } from "./email-links.js";

const NOW = Date.parse("2026-11-22T09:00:00Z");
const DAY = 86_400_000;
const shown: [string, string, string, string] = ["prop-1", "promo", "email-hero", "grid-1"];
const base = { r: "cust-1", c: "nov" };
const key = messageKey(base.c, base.r);

function setup(mintedAt = NOW) {
  const links = new EmailLinks({
    tokens: testTokens(),
    baseUrl: TRACKING_BASE,
    now: () => mintedAt,
  });
  const handlers = createEmailHandlers({
    tokens: testTokens(),
    now: () => NOW,
    allowedRedirectHosts: ["shop.test.example", ".cdn.test.example"],
  });
  return { links, handlers };
}
const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

describe("handleEmailClick", () => {
  it("redirects to the signed target only, with an interact event", () => {
    const { links, handlers } = setup();
    const url = links.clickUrl({ ...base, u: "https://shop.test.example/p?x=1", o: shown });
    expect(url.startsWith(`${TRACKING_BASE}/v1/email/click/`)).toBe(true);
    const result = handlers.handleEmailClick(tokenOf(url));
    expect(result.status).toBe(302);
    expect(result.headers).toMatchObject({
      Location: "https://shop.test.example/p?x=1",
      "Cache-Control": "no-store",
    });
    expect(result.events).toEqual([
      {
        id: emailEventId("click", key, "prop-1", "grid-1"),
        type: "interact",
        timestamp: new Date(NOW).toISOString(),
        profileId: "cust-1",
        propositionId: "prop-1",
        decisionId: "promo",
        placementId: "email-hero",
        offerId: "grid-1",
      },
    ]);
    // A second click of the same offer in the same message is the same event (idempotent by id).
    expect(handlers.handleEmailClick(tokenOf(url)).events[0]!.id).toBe(result.events[0]!.id);
  });

  it("refuses tampered tokens and never redirects anywhere else", () => {
    const { links, handlers } = setup();
    const token = tokenOf(links.clickUrl({ ...base, u: "https://shop.test.example/p", o: shown }));
    const [keyId, body] = token.split(".") as [string, string];
    const bytes = Buffer.from(body, "base64url");
    // Same length host, so only the tag can give it away.
    const forged = Buffer.from(
      bytes.toString("latin1").replace("shop.test.example", "evil.test.example"),
      "latin1",
    ).toString("base64url");
    const flippedTag = Buffer.from(bytes);
    flippedTag[flippedTag.length - 1]! ^= 1;
    for (const bad of [
      `${keyId}.${forged}`,
      `${keyId}.${flippedTag.toString("base64url")}`,
      `k2.${body}`,
      `${token}A`,
      `${token}?url=https://evil.example/`,
      `${token}/https://evil.example/`,
      "https://evil.example/",
      "",
    ]) {
      const result = handlers.handleEmailClick(bad);
      expect(result.status, bad.slice(-30)).toBe(400);
      expect(result.headers.Location).toBeUndefined();
      expect(result.events).toEqual([]);
      expect(String(result.body)).not.toContain("evil.example");
    }
  });

  it("refuses expired links with 410 and no event", () => {
    const { links, handlers } = setup(NOW - 181 * DAY);
    const result = handlers.handleEmailClick(
      tokenOf(links.clickUrl({ ...base, u: "https://shop.test.example/p", o: shown })),
    );
    expect(result.status).toBe(410);
    expect(result.headers.Location).toBeUndefined();
    expect(result.events).toEqual([]);
  });

  it("refuses a validly signed link to a foreign host (allowlist) and a foreign signer", () => {
    const { links, handlers } = setup();
    const foreign = handlers.handleEmailClick(
      tokenOf(links.clickUrl({ ...base, u: "https://evil.example/phish", o: shown })),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.headers.Location).toBeUndefined();
    const subdomain = handlers.handleEmailClick(
      tokenOf(links.clickUrl({ ...base, u: "https://img.cdn.test.example/a", o: shown })),
    );
    expect(subdomain.status).toBe(302);
    const lookalike = handlers.handleEmailClick(
      tokenOf(links.clickUrl({ ...base, u: "https://shop.test.example.evil.example/", o: shown })),
    );
    expect(lookalike.status).toBe(400);
    // Someone else's key with our key id: signature does not verify.
    const stranger = new EmailLinks({
      tokens: new EmailTokenCodec([{ id: "k1", secret: new Uint8Array(32).fill(9) }]),
      baseUrl: TRACKING_BASE,
    });
    const forged = handlers.handleEmailClick(
      tokenOf(stranger.clickUrl({ ...base, u: "https://shop.test.example/p", o: shown })),
    );
    expect(forged.status).toBe(400);
  });

  it("does not accept an open or unsubscribe token on the click route", () => {
    const { links, handlers } = setup();
    const open = handlers.handleEmailClick(tokenOf(links.openUrl({ ...base, i: [shown] })));
    const unsubscribe = handlers.handleEmailClick(tokenOf(links.unsubscribeUrl(base)));
    expect([open.status, unsubscribe.status]).toEqual([400, 400]);
  });
});

describe("handleEmailOpen", () => {
  it("answers a GIF and display events with the ids used at send time", () => {
    const { links, handlers } = setup();
    const other: [string, string, string, string] = ["prop-2", "promo", "email-grid", "grid-2"];
    const result = handlers.handleEmailOpen(tokenOf(links.openUrl({ ...base, i: [shown, other] })));
    expect(result.status).toBe(200);
    expect(result.headers["Content-Type"]).toBe("image/gif");
    expect(Buffer.from(result.body).subarray(0, 6).toString()).toBe("GIF89a");
    expect(result.events.map((e) => [e.type, e.id, e.offerId])).toEqual([
      ["display", emailEventId("display", key, "prop-1", "grid-1"), "grid-1"],
      ["display", emailEventId("display", key, "prop-2", "grid-2"), "grid-2"],
    ]);
  });

  it("counts nothing for tampered or expired pixels", () => {
    const { handlers } = setup();
    const tampered = handlers.handleEmailOpen("k1.AQIAAAAB");
    expect(tampered.status).toBe(200);
    expect(tampered.headers["Content-Type"]).toBe("image/gif");
    expect(tampered.events).toEqual([]);
    const old = setup(NOW - 61 * DAY);
    const expired = old.handlers.handleEmailOpen(
      tokenOf(old.links.openUrl({ ...base, i: [shown] })),
    );
    expect(expired.status).toBe(200);
    expect(expired.events).toEqual([]);
  });
});

describe("handleUnsubscribe", () => {
  it("unsubscribes on POST (one click, idempotent) and only shows a form on GET", () => {
    const { links, handlers } = setup();
    const token = tokenOf(links.unsubscribeUrl({ ...base, l: "newsletter" }));
    const page = handlers.handleUnsubscribe(token, "GET");
    expect(page.status).toBe(200);
    expect(page.unsubscribe).toBeUndefined();
    expect(String(page.body)).toContain('<form method="post">');
    const first = handlers.handleUnsubscribe(token, "POST");
    const second = handlers.handleUnsubscribe(token, "POST");
    expect(first.status).toBe(200);
    expect(first.unsubscribe).toEqual({
      recipientId: "cust-1",
      campaignId: "nov",
      listId: "newsletter",
    });
    expect(second).toEqual(first);
  });

  it("refuses tampered and click tokens", () => {
    const { links, handlers } = setup();
    const click = tokenOf(links.clickUrl({ ...base, u: "https://shop.test.example/p", o: shown }));
    expect(handlers.handleUnsubscribe(click).status).toBe(400);
    expect(handlers.handleUnsubscribe(`${click}x`).status).toBe(400);
  });
});

describe("EmailLinks", () => {
  it("requires an https tracking origin", () => {
    expect(() => new EmailLinks({ tokens: testTokens(), baseUrl: "http://t.example.com" })).toThrow(
      /https/,
    );
    expect(
      () => new EmailLinks({ tokens: testTokens(), baseUrl: "http://127.0.0.1:8080" }),
    ).not.toThrow();
  });
});
