import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OfferkitError } from "../errors/offerkit-error.js";
import {
  base64UrlDecode,
  base64UrlEncode,
  portableBase64UrlEncode,
  portableUtf8Encode,
  utf8Decode,
  utf8Encode,
} from "./base64url.js";
import { webCryptoHmacSha256 } from "./hmac-sha256.js";
import { SignedTokenCodec, constantTimeEqual } from "./signed-token.js";
import { SignedTokenError, type SignedTokenFailure } from "./signed-token-error.js";

const secretA = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const secretB = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const NOW = Date.parse("2026-11-22T10:00:00Z");
const HOUR = 3_600_000;

function codec(
  activeKeyId = "k1",
  keys = [
    { id: "k1", secret: secretA },
    { id: "k2", secret: secretB },
  ],
) {
  return new SignedTokenCodec({ keys, activeKeyId });
}

async function failure(promise: Promise<unknown>): Promise<SignedTokenFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SignedTokenError);
    expect(error).toBeInstanceOf(OfferkitError);
    expect((error as SignedTokenError).code).toBe("BAD_REQUEST");
    return (error as SignedTokenError).reason;
  }
  throw new Error("expected the token to be refused");
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("webCryptoHmacSha256", () => {
  it("matches RFC 4231 test case 2", async () => {
    const mac = await webCryptoHmacSha256()(utf8Encode("Jefe"), "what do ya want for nothing?");
    expect(hex(mac)).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });
});

describe("SignedTokenCodec", () => {
  it("round-trips claims, key id and expiry", async () => {
    const tokens = codec();
    const claims = {
      t: "c",
      u: "https://shop.example/p?x=1&y=ü",
      m: "msg-1",
      i: [["p1", "o1"]],
      n: 3,
      ok: true,
    };
    const token = await tokens.sign(claims, NOW + HOUR);
    expect(token).toMatch(/^k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const verified = await tokens.verify(token, NOW);
    expect(verified).toEqual({ keyId: "k1", expiresAt: NOW + HOUR, claims });
  });

  it("refuses a changed payload, signature or key id as tampered", async () => {
    const tokens = codec();
    const token = await tokens.sign({ u: "https://shop.example/a" }, NOW + HOUR);
    const [keyId, payload, signature] = token.split(".") as [string, string, string];
    const forged = base64UrlEncode(
      utf8Encode(JSON.stringify({ e: (NOW + HOUR) / 1000, c: { u: "https://evil.example/" } })),
    );
    expect(await failure(tokens.verify(`${keyId}.${forged}.${signature}`, NOW))).toBe("tampered");
    const flipped =
      signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") + signature.slice(11);
    expect(await failure(tokens.verify(`${keyId}.${payload}.${flipped}`, NOW))).toBe("tampered");
    // Same payload and signature presented under the other held key id.
    expect(await failure(tokens.verify(`k2.${payload}.${signature}`, NOW))).toBe("tampered");
    // A signature one character short, and non-canonical trailing bits, are not the signature.
    expect(await failure(tokens.verify(`${keyId}.${payload}.${signature.slice(0, -1)}`, NOW))).toBe(
      "tampered",
    );
  });

  it("refuses tokens past their expiry, and only after checking the signature", async () => {
    const tokens = codec();
    const token = await tokens.sign({ m: "x" }, NOW + HOUR);
    await expect(tokens.verify(token, NOW + HOUR - 1)).resolves.toMatchObject({
      claims: { m: "x" },
    });
    expect(await failure(tokens.verify(token, NOW + HOUR))).toBe("expired");
    const [keyId, payload] = token.split(".") as [string, string];
    expect(
      await failure(tokens.verify(`${keyId}.${payload}.${"A".repeat(43)}`, NOW + 2 * HOUR)),
    ).toBe("tampered");
  });

  it("rotates keys: old tokens verify while their key is held, and fail once it is retired", async () => {
    const before = codec("k1");
    const oldToken = await before.sign({ m: "old" }, NOW + HOUR);
    const rotated = codec("k2");
    const newToken = await rotated.sign({ m: "new" }, NOW + HOUR);
    expect(newToken.startsWith("k2.")).toBe(true);
    await expect(rotated.verify(oldToken, NOW)).resolves.toMatchObject({
      keyId: "k1",
      claims: { m: "old" },
    });
    const retired = codec("k2", [{ id: "k2", secret: secretB }]);
    expect(await failure(retired.verify(oldToken, NOW))).toBe("unknown-key");
    await expect(retired.verify(newToken, NOW)).resolves.toMatchObject({ keyId: "k2" });
  });

  it("does not accept a token signed by another party's key with the same key id", async () => {
    const other = new SignedTokenCodec({
      keys: [{ id: "k1", secret: secretB }],
      activeKeyId: "k1",
    });
    const token = await other.sign({ m: "x" }, NOW + HOUR);
    expect(await failure(codec().verify(token, NOW))).toBe("tampered");
  });

  it("refuses garbage as malformed", async () => {
    const tokens = codec();
    for (const garbage of [
      "",
      "abc",
      "a.b",
      "k1..sig",
      "k1.a.b.c",
      "k 1.abc.def",
      "x".repeat(9000),
      "k1.a+b.c",
    ]) {
      expect(await failure(tokens.verify(garbage, NOW)), garbage.slice(0, 20)).toMatch(
        /malformed|tampered/,
      );
    }
    expect(await failure(tokens.verify("a.b", NOW))).toBe("malformed");
    expect(await failure(tokens.verify("nokey.abc.def", NOW))).toBe("unknown-key");
  });

  it("validates its key configuration", () => {
    expect(() => codec("k3")).toThrow(/active key k3/);
    expect(
      () =>
        new SignedTokenCodec({
          keys: [{ id: "k1", secret: secretA.slice(0, 16) }],
          activeKeyId: "k1",
        }),
    ).toThrow(/at least 32/);
    expect(
      () =>
        new SignedTokenCodec({ keys: [{ id: "bad.id", secret: secretA }], activeKeyId: "bad.id" }),
    ).toThrow(/key id/);
    expect(() =>
      codec("k1", [
        { id: "k1", secret: secretA },
        { id: "k1", secret: secretB },
      ]),
    ).toThrow(/twice/);
    const fromText = new SignedTokenCodec({
      keys: [{ id: "k1", secret: base64UrlEncode(secretA) }],
      activeKeyId: "k1",
    });
    expect(fromText.keyIds).toEqual(["k1"]);
  });

  it("signs synchronously only with a synchronous HMAC", async () => {
    const webCrypto = codec();
    expect(webCrypto.synchronous).toBe(false);
    expect(() => webCrypto.signSync({ m: "x" }, NOW)).toThrow(/synchronous HMAC/);
    // A pure-JS reference HMAC stands in for node:crypto (core tests run without Node typings).
    const reference = await webCryptoHmacSha256()(secretA, "k1.probe");
    const sync = new SignedTokenCodec({
      keys: [{ id: "k1", secret: secretA }],
      activeKeyId: "k1",
      hmac: (_secret, message) => (message === "k1.probe" ? reference : new Uint8Array(32)),
    });
    expect(sync.synchronous).toBe(true);
    expect(sync.signSync({ m: "x" }, NOW)).toBe(await sync.sign({ m: "x" }, NOW));
  });

  it("gives the same signature with any HMAC implementation of the same function", async () => {
    const webCrypto = codec();
    const wrapped = new SignedTokenCodec({
      keys: [{ id: "k1", secret: secretA }],
      activeKeyId: "k1",
      hmac: (secret, message) => webCryptoHmacSha256()(secret, message),
    });
    const claims = { m: "same" };
    expect(await wrapped.sign(claims, NOW)).toBe(await webCrypto.sign(claims, NOW));
  });
});

describe("constantTimeEqual", () => {
  it("compares 32-byte MACs", () => {
    const a = Uint8Array.from({ length: 32 }, (_, i) => i);
    const b = Uint8Array.from(a);
    expect(constantTimeEqual(a, b)).toBe(true);
    b[31] = 99;
    expect(constantTimeEqual(a, b)).toBe(false);
    expect(constantTimeEqual(a.slice(0, 31), a.slice(0, 31))).toBe(false);
  });
});

describe("base64url and UTF-8", () => {
  it("round-trips any bytes and any string", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = base64UrlEncode(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(base64UrlDecode(text)).toEqual(bytes);
        expect(portableBase64UrlEncode(bytes)).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 100 }), (text) => {
        expect(utf8Decode(utf8Encode(text))).toBe(text);
        expect(portableUtf8Encode(text)).toEqual(utf8Encode(text));
      }),
    );
  });

  it("matches RFC 4648 and UTF-8 reference vectors", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "Zg"],
      ["fo", "Zm8"],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg"],
      ["fooba", "Zm9vYmE"],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base64UrlEncode(utf8Encode(plain))).toBe(encoded);
      expect(portableBase64UrlEncode(portableUtf8Encode(plain))).toBe(encoded);
    }
    expect(base64UrlEncode(Uint8Array.from([0xfb, 0xff]))).toBe("-_8"); // "+/8=" in standard base64
    expect([...utf8Encode("é世🎉")]).toEqual([
      0xc3, 0xa9, 0xe4, 0xb8, 0x96, 0xf0, 0x9f, 0x8e, 0x89,
    ]);
    expect([...portableUtf8Encode("é世🎉")]).toEqual([
      0xc3, 0xa9, 0xe4, 0xb8, 0x96, 0xf0, 0x9f, 0x8e, 0x89,
    ]);
  });

  it("rejects non-canonical or invalid input", () => {
    expect(base64UrlDecode("QQ")).toEqual(Uint8Array.from([65]));
    expect(base64UrlDecode("QR")).toBeUndefined(); // trailing bits set
    expect(base64UrlDecode("Q")).toBeUndefined();
    expect(base64UrlDecode("Q=")).toBeUndefined();
    expect(utf8Decode(Uint8Array.from([0xc0, 0x80]))).toBeUndefined(); // overlong
    expect(utf8Decode(Uint8Array.from([0xe2, 0x82]))).toBeUndefined(); // truncated
    expect(utf8Decode(Uint8Array.from([0xed, 0xa0, 0x80]))).toBeUndefined(); // surrogate
  });
});
