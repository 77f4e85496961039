import { createHash, createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HmacSha256Key, sha256 } from "./hmac-sha256-key.js";

describe("HmacSha256Key", () => {
  it("matches node:crypto for every message length across block boundaries and for long keys", () => {
    for (let length = 0; length <= 300; length++) {
      const secret = randomBytes(length % 4 === 0 ? 100 : 32);
      const message = randomBytes(length);
      const out = new Uint8Array(32);
      new HmacSha256Key(secret).mac(message, length, out, 0);
      expect(Buffer.from(out).toString("hex"), `length ${length}`).toBe(
        createHmac("sha256", secret).update(message).digest("hex"),
      );
      expect(Buffer.from(sha256(message)).toString("hex")).toBe(
        createHash("sha256").update(message).digest("hex"),
      );
    }
  });

  it("reuses its key state: interleaved MACs of one key stay independent", () => {
    const secret = randomBytes(32);
    const key = new HmacSha256Key(secret);
    const a = randomBytes(150);
    const b = randomBytes(20);
    const out = new Uint8Array(48);
    key.mac(a, a.length, out, 0, 16);
    key.mac(b, b.length, out, 16, 32);
    expect(Buffer.from(out.subarray(0, 16))).toEqual(
      createHmac("sha256", secret).update(a).digest().subarray(0, 16),
    );
    expect(Buffer.from(out.subarray(16))).toEqual(createHmac("sha256", secret).update(b).digest());
  });
});
