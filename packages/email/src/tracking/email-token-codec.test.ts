import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EmailTokenCodec, parseSigningKeys } from "./email-token-codec.js";
import { seededRandom } from "../../test/support/seeded-random.js";

const K1 = { id: "k1", secret: new Uint8Array(32).fill(1) };
const K2 = { id: "k2", secret: new Uint8Array(32).fill(2) };
const NOW = Date.parse("2026-11-22T09:00:00Z");
const LATER = NOW + 86_400_000;
const shown: [string, string, string, string] = ["prop-1", "lifecycle", "email-hero", "welcome-10"];

describe("EmailTokenCodec", () => {
  it("round-trips click, open and unsubscribe claims, including non-ASCII and long fields", () => {
    const codec = new EmailTokenCodec([K1]);
    const longUrl = `https://shop.example/p?q=${"x".repeat(300)}&name=Chloé`;
    const click = codec.signClick({ r: "cust-ünï", c: "nov", u: longUrl, o: shown }, LATER);
    expect(click).toMatch(/^k1\.[A-Za-z0-9_-]+$/);
    expect(codec.verify(click, NOW)).toEqual({
      ok: true,
      keyId: "k1",
      expiresAt: LATER,
      claims: { t: "c", r: "cust-ünï", c: "nov", u: longUrl, o: shown },
    });
    const open = codec.signOpen({ r: "a", c: "nov", i: [shown, ["p2", "d", "pl", "o2"]] }, LATER);
    expect(codec.verify(open, NOW)).toMatchObject({
      ok: true,
      claims: { t: "o", i: [shown, ["p2", "d", "pl", "o2"]] },
    });
    expect(
      codec.verify(codec.signUnsubscribe({ r: "a", c: "nov", l: "news" }, LATER), NOW),
    ).toMatchObject({ ok: true, claims: { t: "u", r: "a", c: "nov", l: "news" } });
    expect(codec.verify(codec.signUnsubscribe({ r: "a", c: "nov" }, LATER), NOW)).toMatchObject({
      ok: true,
      claims: { t: "u", r: "a", c: "nov" },
    });
  });

  it("signs what node:crypto's HMAC verifies, for keys longer than a block and fields around the length boundaries", () => {
    const longKey = {
      id: "long",
      secret: Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 0xff),
    };
    const codec = new EmailTokenCodec([longKey]);
    for (const length of [0, 1, 63, 64, 126, 127, 128, 200]) {
      const id = `é${"r".repeat(length)}`;
      const url = `https://shop.example/${"p".repeat(length)}`;
      const token = codec.signClick({ r: id, c: "nov", u: url, o: shown }, LATER);
      expect(codec.verify(token, NOW), `length ${length}`).toEqual({
        ok: true,
        keyId: "long",
        expiresAt: LATER,
        claims: { t: "c", r: id, c: "nov", u: url, o: shown },
      });
      // The tag is HMAC-SHA256 over keyId "." payload, cut to 16 bytes.
      const bytes = Buffer.from(token.slice("long.".length), "base64url");
      const payload = bytes.subarray(0, bytes.length - 16);
      const expected = createHmac("sha256", longKey.secret)
        .update("long.")
        .update(payload)
        .digest()
        .subarray(0, 16);
      expect(bytes.subarray(bytes.length - 16)).toEqual(expected);
    }
  });

  it("refuses every single-bit change, truncation, padding and a foreign key", () => {
    const codec = new EmailTokenCodec([K1]);
    const token = codec.signClick(
      { r: "cust-1", c: "nov", u: "https://shop.example/p", o: shown },
      LATER,
    );
    const body = Buffer.from(token.slice(3), "base64url");
    for (let i = 0; i < body.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const changed = Buffer.from(body);
        changed[i]! ^= bit;
        const result = codec.verify(`k1.${changed.toString("base64url")}`, NOW);
        expect(result.ok, `byte ${i}`).toBe(false);
      }
    }
    expect(codec.verify(token.slice(0, -4), NOW)).toMatchObject({ ok: false });
    expect(codec.verify(`${token}=`, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(codec.verify(`k9${token.slice(2)}`, NOW)).toEqual({ ok: false, reason: "unknown-key" });
    expect(
      codec.verify(
        new EmailTokenCodec([{ id: "k1", secret: new Uint8Array(32).fill(9) }]).signClick(
          { r: "x", c: "y", u: "https://a.example", o: shown },
          LATER,
        ),
        NOW,
      ),
    ).toEqual({
      ok: false,
      reason: "tampered",
    });
    expect(codec.verify("", NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(codec.verify("k1.", NOW)).toEqual({ ok: false, reason: "malformed" });
  });

  it("checks expiry after the signature, and verifies old keys after a rotation", () => {
    const before = new EmailTokenCodec([K1]);
    const token = before.signClick(
      { r: "cust-1", c: "nov", u: "https://shop.example/p", o: shown },
      LATER,
    );
    const rotated = new EmailTokenCodec([K2, K1]);
    expect(rotated.activeKeyId).toBe("k2");
    expect(rotated.verify(token, NOW)).toMatchObject({ ok: true, keyId: "k1" });
    expect(rotated.verify(token, LATER)).toEqual({ ok: false, reason: "expired" });
    expect(rotated.signUnsubscribe({ r: "a", c: "b" }, LATER).startsWith("k2.")).toBe(true);
    expect(new EmailTokenCodec([K2]).verify(token, NOW)).toEqual({
      ok: false,
      reason: "unknown-key",
    });
  });

  it("signs a message's links exactly like one codec per token, whatever the order (header reuse)", () => {
    const codec = new EmailTokenCodec([K1]);
    const fresh = () => new EmailTokenCodec([K1]);
    const random = seededRandom(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const recipients = ["r1", "r2", "cust-ünï", "r".repeat(140)];
    const campaigns = ["nov", "dec"];
    const expiries = [LATER, LATER + 1, LATER + 999, LATER + 1000, LATER + 86_400_000];
    for (let i = 0; i < 400; i++) {
      const r = pick(recipients);
      const c = pick(campaigns);
      const at = pick(expiries);
      const kind = random();
      if (kind < 0.7) {
        const u = `https://shop.example/${pick(["a", "b", "é", "x".repeat(200)])}`;
        const o = [pick(["p1", "p2"]), "d", pick(["hero", "grid"]), pick(["o1", "o2"])] as const;
        const token = codec.signClickFields(r, c, u, o[0], o[1], o[2], o[3], at);
        expect(token).toBe(fresh().signClick({ r, c, u, o: [...o] }, at));
        expect(codec.verify(token, NOW)).toEqual({
          ok: true,
          keyId: "k1",
          expiresAt: Math.ceil(at / 1000) * 1000,
          claims: { t: "c", r, c, u, o: [...o] },
        });
      } else if (kind < 0.85) {
        const token = codec.signUnsubscribe({ r, c }, at);
        expect(token).toBe(fresh().signUnsubscribe({ r, c }, at));
      } else {
        const token = codec.signOpen({ r, c, i: [shown] }, at);
        expect(token).toBe(fresh().signOpen({ r, c, i: [shown] }, at));
      }
    }
    // A field too long half-way through a header leaves nothing reusable behind.
    expect(() =>
      codec.signClickFields(
        "r1",
        "x".repeat(5000),
        "https://a.example",
        "p",
        "d",
        "pl",
        "o",
        LATER,
      ),
    ).toThrow(/bytes/);
    const after = codec.signClickFields(
      "r1",
      "nov",
      "https://a.example",
      "p",
      "d",
      "pl",
      "o",
      LATER,
    );
    expect(after).toBe(
      fresh().signClick(
        { r: "r1", c: "nov", u: "https://a.example", o: ["p", "d", "pl", "o"] },
        LATER,
      ),
    );
  });

  it("refuses weak or malformed keys with the key named", () => {
    expect(() => new EmailTokenCodec([{ id: "k1", secret: new Uint8Array(16) }])).toThrow(
      /k1 has 16 bytes/,
    );
    expect(() => new EmailTokenCodec([{ id: "bad id", secret: new Uint8Array(32) }])).toThrow(
      /key id/,
    );
    expect(() => new EmailTokenCodec([K1], "k3")).toThrow(/active key k3/);
    expect(() => new EmailTokenCodec([])).toThrow(/at least one/);
  });
});

describe("parseSigningKeys", () => {
  it("reads kid:secret pairs, first one first", () => {
    const secret = Buffer.alloc(32, 5).toString("base64url");
    const keys = parseSigningKeys(`new:${secret}, old:${secret}`);
    expect(keys).toEqual([
      { id: "new", secret },
      { id: "old", secret },
    ]);
    expect(new EmailTokenCodec(keys).activeKeyId).toBe("new");
    expect(() => parseSigningKeys("nocolon")).toThrow(
      /OFFERKIT_EMAIL_SIGNING_KEYS\[0\]: expected keyId:base64urlSecret/,
    );
    expect(() => parseSigningKeys(" , ")).toThrow(/expected/);
  });
});
