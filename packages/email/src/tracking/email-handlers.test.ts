import { describe, expect, it } from "vitest";
import { TRACKING_BASE, testTokens } from "../../test/support/tracking-keys.js";
import { SignedTokenCodec } from "../core-tracking.js";
import { emailEventId } from "../render/message-identity.js";
import { nodeHmacSha256 } from "./node-hmac.js";
import { createEmailHandlers } from "./email-handlers.js";
import { EmailLinks } from "./email-links.js";

const NOW = Date.parse("2026-11-22T09:00:00Z");
const DAY = 86_400_000;
const shown: [string, string, string, string] = ["prop-1", "promo", "email-hero", "grid-1"];
const base = { m: "msgkey0000000000000000", r: "cust-1", c: "nov" };

function setup(mintedAt = NOW) {
  const links = new EmailLinks({ tokens: testTokens(), baseUrl: TRACKING_BASE, now: () => mintedAt });
  const handlers = createEmailHandlers({ tokens: testTokens(), now: () => NOW, allowedRedirectHosts: ["shop.test.example", ".cdn.test.example"] });
  return { links, handlers };
}
const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

describe("handleEmailClick", () => {
  it("redirects to the signed target only, with an interact event", async () => {
    const { links, handlers } = setup();
    const url = await links.clickUrl({ ...base, u: "https://shop.test.example/p?x=1", o: shown });
    expect(url.startsWith(`${TRACKING_BASE}/v1/email/click/`)).toBe(true);
    const result = await handlers.handleEmailClick(tokenOf(url));
    expect(result.status).toBe(302);
    expect(result.headers).toMatchObject({ Location: "https://shop.test.example/p?x=1", "Cache-Control": "no-store" });
    expect(result.events).toEqual([
      {
        id: emailEventId("click", base.m, "prop-1", "grid-1"),
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
    expect((await handlers.handleEmailClick(tokenOf(url))).events[0]!.id).toBe(result.events[0]!.id);
  });

  it("refuses tampered tokens and never redirects anywhere else", async () => {
    const { links, handlers } = setup();
    const token = tokenOf(await links.clickUrl({ ...base, u: "https://shop.test.example/p", o: shown }));
    const [keyId, payload, signature] = token.split(".") as [string, string, string];
    const forgedPayload = Buffer.from(
      Buffer.from(payload, "base64url").toString().replace("shop.test.example", "evil.example"),
    ).toString("base64url");
    for (const bad of [
      `${keyId}.${forgedPayload}.${signature}`,
      `${keyId}.${payload}.${signature.slice(0, -2)}AA`,
      `${token}?url=https://evil.example/`,
      `${token}/https://evil.example/`,
      "https://evil.example/",
      "",
    ]) {
      const result = await handlers.handleEmailClick(bad);
      expect(result.status, bad.slice(-30)).toBe(400);
      expect(result.headers.Location).toBeUndefined();
      expect(result.events).toEqual([]);
      expect(String(result.body)).not.toContain("evil.example");
    }
  });

  it("refuses expired links with 410 and no event", async () => {
    const { links, handlers } = setup(NOW - 181 * DAY);
    const result = await handlers.handleEmailClick(tokenOf(await links.clickUrl({ ...base, u: "https://shop.test.example/p", o: shown })));
    expect(result.status).toBe(410);
    expect(result.headers.Location).toBeUndefined();
    expect(result.events).toEqual([]);
  });

  it("refuses a validly signed link to a foreign host (allowlist) and a foreign signer", async () => {
    const { links, handlers } = setup();
    const foreign = await handlers.handleEmailClick(tokenOf(await links.clickUrl({ ...base, u: "https://evil.example/phish", o: shown })));
    expect(foreign.status).toBe(400);
    expect(foreign.headers.Location).toBeUndefined();
    const subdomain = await handlers.handleEmailClick(tokenOf(await links.clickUrl({ ...base, u: "https://img.cdn.test.example/a", o: shown })));
    expect(subdomain.status).toBe(302);
    const lookalike = await handlers.handleEmailClick(tokenOf(await links.clickUrl({ ...base, u: "https://shop.test.example.evil.example/", o: shown })));
    expect(lookalike.status).toBe(400);
    // Someone else's key with our key id: signature does not verify.
    const stranger = new EmailLinks({
      tokens: new SignedTokenCodec({ keys: [{ id: "k1", secret: new Uint8Array(32).fill(9) }], activeKeyId: "k1", hmac: nodeHmacSha256 }),
      baseUrl: TRACKING_BASE,
    });
    const forged = await handlers.handleEmailClick(tokenOf(await stranger.clickUrl({ ...base, u: "https://shop.test.example/p", o: shown })));
    expect(forged.status).toBe(400);
  });

  it("does not accept an open or unsubscribe token on the click route", async () => {
    const { links, handlers } = setup();
    const open = await handlers.handleEmailClick(tokenOf(await links.openUrl({ ...base, i: [shown] })));
    const unsubscribe = await handlers.handleEmailClick(tokenOf(await links.unsubscribeUrl(base)));
    expect([open.status, unsubscribe.status]).toEqual([400, 400]);
  });
});

describe("handleEmailOpen", () => {
  it("answers a GIF and display events with the ids used at send time", async () => {
    const { links, handlers } = setup();
    const other: [string, string, string, string] = ["prop-2", "promo", "email-grid", "grid-2"];
    const result = await handlers.handleEmailOpen(tokenOf(await links.openUrl({ ...base, i: [shown, other] })));
    expect(result.status).toBe(200);
    expect(result.headers["Content-Type"]).toBe("image/gif");
    expect(Buffer.from(result.body).subarray(0, 6).toString()).toBe("GIF89a");
    expect(result.events.map((e) => [e.type, e.id, e.offerId])).toEqual([
      ["display", emailEventId("display", base.m, "prop-1", "grid-1"), "grid-1"],
      ["display", emailEventId("display", base.m, "prop-2", "grid-2"), "grid-2"],
    ]);
  });

  it("counts nothing for tampered or expired pixels", async () => {
    const { handlers } = setup();
    const tampered = await handlers.handleEmailOpen("k1.eyJlIjoxfQ.AAAA");
    expect(tampered.status).toBe(400);
    expect(tampered.events).toEqual([]);
    const old = setup(NOW - 61 * DAY);
    const expired = await old.handlers.handleEmailOpen(tokenOf(await old.links.openUrl({ ...base, i: [shown] })));
    expect(expired.status).toBe(200);
    expect(expired.events).toEqual([]);
  });
});

describe("handleUnsubscribe", () => {
  it("unsubscribes on POST (one click, idempotent) and only shows a form on GET", async () => {
    const { links, handlers } = setup();
    const token = tokenOf(await links.unsubscribeUrl({ ...base, l: "newsletter" }));
    const page = await handlers.handleUnsubscribe(token, "GET");
    expect(page.status).toBe(200);
    expect(page.unsubscribe).toBeUndefined();
    expect(String(page.body)).toContain('<form method="post">');
    const first = await handlers.handleUnsubscribe(token, "POST");
    const second = await handlers.handleUnsubscribe(token, "POST");
    expect(first.status).toBe(200);
    expect(first.unsubscribe).toEqual({ recipientId: "cust-1", campaignId: "nov", listId: "newsletter" });
    expect(second).toEqual(first);
  });

  it("refuses tampered and click tokens", async () => {
    const { links, handlers } = setup();
    const click = tokenOf(await links.clickUrl({ ...base, u: "https://shop.test.example/p", o: shown }));
    expect((await handlers.handleUnsubscribe(click)).status).toBe(400);
    expect((await handlers.handleUnsubscribe(`${click}x`)).status).toBe(400);
  });
});

describe("EmailLinks", () => {
  it("requires an https tracking origin", () => {
    expect(() => new EmailLinks({ tokens: testTokens(), baseUrl: "http://t.example.com" })).toThrow(/https/);
    expect(() => new EmailLinks({ tokens: testTokens(), baseUrl: "http://127.0.0.1:8080" })).not.toThrow();
  });
});
