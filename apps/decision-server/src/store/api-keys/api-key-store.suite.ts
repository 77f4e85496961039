import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SqlClient } from "../types.js";
import type { OpenedBackend, SqlBackend } from "../testing/sql-backends.js";
import { resetDatabase } from "../testing/reset-database.js";
import { expectOfferkitError } from "../testing/expect-offerkit-error.js";
import { SqlApiKeyStore } from "./sql-api-key-store.js";
import { sha256Hex } from "./api-key-format.js";

export function describeApiKeyStore(backend: SqlBackend): void {
  describe(`SqlApiKeyStore on ${backend.name}`, () => {
    let opened: OpenedBackend;
    let sql: SqlClient;
    let keys: SqlApiKeyStore;

    beforeAll(async () => {
      opened = await backend.open();
      sql = opened.sql;
      keys = new SqlApiKeyStore(sql);
    });
    afterAll(async () => {
      await opened.dispose();
    });
    beforeEach(async () => {
      await resetDatabase(sql);
    });

    it("creates a key shown once, stores only its SHA-256, and verifies it", async () => {
      const { key, info } = await keys.create({
        name: "storefront",
        scopes: ["decide", "track"],
        rateLimit: { requestsPerSecond: 50 },
      });
      expect(key).toMatch(/^okk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect(key).toContain(info.id);
      expect(info).toMatchObject({
        name: "storefront",
        scopes: ["decide", "track"],
        rateLimit: { requestsPerSecond: 50 },
      });
      const stored = await sql.query<Record<string, unknown>>("SELECT * FROM api_keys");
      expect(JSON.stringify(stored)).not.toContain(key.slice(17));
      expect(stored[0]?.["key_sha256"]).toBe(sha256Hex(key));
      expect(await keys.verify(key)).toEqual(info);
    });

    it("rejects wrong, tampered, malformed and revoked keys", async () => {
      const { key, info } = await keys.create({ name: "ops", scopes: ["admin"] });
      const last = key.at(-1) === "A" ? "B" : "A";
      expect(await keys.verify(key.slice(0, -1) + last)).toBeUndefined();
      expect(await keys.verify(`okk_000000000000_${key.slice(17)}`)).toBeUndefined();
      expect(await keys.verify("")).toBeUndefined();
      expect(await keys.verify("Bearer nonsense")).toBeUndefined();
      const revoked = await keys.revoke(info.id);
      expect(revoked.revokedAt).toEqual(expect.any(String));
      expect(await keys.verify(key)).toBeUndefined();
      expect((await keys.revoke(info.id)).revokedAt).toBe(revoked.revokedAt);
      await expectOfferkitError(keys.revoke("ffffffffffff"), "NOT_FOUND");
    });

    it("lists keys without secrets, revoked ones marked", async () => {
      const a = await keys.create({ name: "a", scopes: ["library:read"] });
      const b = await keys.create({ name: "b", scopes: ["library:write", "library:read"] });
      await keys.revoke(a.info.id);
      const listed = await keys.list();
      expect(listed.map((k) => [k.name, k.revokedAt !== undefined])).toEqual([
        ["a", true],
        ["b", false],
      ]);
      expect(JSON.stringify(listed)).not.toContain(a.key.slice(17));
      expect(JSON.stringify(listed)).not.toContain(b.key.slice(17));
      for (const info of listed) expect(Object.keys(info).sort()).not.toContain("key_sha256");
    });

    it("refuses bad input naming the path", async () => {
      await expectOfferkitError(keys.create({ name: "x", scopes: ["root"] }), "VALIDATION_FAILED", [
        "scopes",
        0,
      ]);
      await expectOfferkitError(
        keys.create({ name: "", scopes: ["decide"] }),
        "VALIDATION_FAILED",
        ["name"],
      );
      await expectOfferkitError(keys.create({ name: "x", scopes: [] }), "VALIDATION_FAILED", [
        "scopes",
      ]);
      await expectOfferkitError(
        keys.create({ name: "x", scopes: ["decide"], rateLimit: { requestsPerSecond: 0 } }),
        "VALIDATION_FAILED",
        ["rateLimit", "requestsPerSecond"],
      );
      expect(await keys.list()).toEqual([]);
    });
  });
}
