import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Offer } from "@offerkit/core";
import type { SqlClient, Stored } from "../types.js";
import type { OpenedBackend, SqlBackend } from "../testing/sql-backends.js";
import { resetDatabase } from "../testing/reset-database.js";
import { offer, sampleLibrary } from "../testing/library-fixtures.js";
import { expectOfferkitError } from "../testing/expect-offerkit-error.js";
import { SqlLibraryStore } from "./sql-library-store.js";

export function describeLibraryStore(backend: SqlBackend): void {
  describe(`SqlLibraryStore on ${backend.name}`, () => {
    let opened: OpenedBackend;
    let sql: SqlClient;
    let store: SqlLibraryStore;

    beforeAll(async () => {
      opened = await backend.open();
      sql = opened.sql;
    });
    afterAll(async () => {
      await store.close();
      await opened.dispose();
    });
    beforeEach(async () => {
      await store?.close();
      await resetDatabase(sql);
      store = new SqlLibraryStore({ sql, notifyChannel: "offerkit_test_library" });
      await store.importBundle(sampleLibrary(), { mode: "replace" });
    });

    describe("create and get", () => {
      it("stores a validated object with etag and timestamps and bumps the version", async () => {
        expect(await store.currentVersion()).toBe(1);
        const { item, version } = await store.offers.create(
          offer("spring-sale", { priority: 3, etag: "client-made" }),
        );
        expect(version).toBe(2);
        expect(item).toMatchObject({
          id: "spring-sale",
          status: "draft",
          kind: "personalized",
          priority: 3,
          tags: [],
        });
        expect(item.etag).not.toBe("client-made");
        expect(Date.parse(item.createdAt)).not.toBeNaN();
        expect(item.updatedAt).toBe(item.createdAt);
        expect(await store.offers.get("spring-sale")).toEqual(item);
        expect(await store.currentVersion()).toBe(2);
      });

      it("refuses bad input with the failing path and writes nothing", async () => {
        const bad = offer("bad", {
          caps: [{ id: "c", event: "decision", scope: "global", limit: 0 }],
        });
        await expectOfferkitError(store.offers.create(bad), "VALIDATION_FAILED", [
          "caps",
          0,
          "limit",
        ]);
        await expectOfferkitError(
          store.placements.create({ id: "p", name: "P", channel: "fax" }),
          "VALIDATION_FAILED",
          ["channel"],
        );
        await expectOfferkitError(store.rules.create("not an object"), "VALIDATION_FAILED");
        expect(await store.currentVersion()).toBe(1);
      });

      it("refuses a duplicate id with CONFLICT", async () => {
        await expectOfferkitError(store.offers.create(offer("summer-sale")), "CONFLICT", ["id"]);
        expect(await store.currentVersion()).toBe(1);
      });

      it("answers NOT_FOUND for an unknown id", async () => {
        await expectOfferkitError(store.offers.get("nope"), "NOT_FOUND");
        await expectOfferkitError(store.decisions.update("nope", { name: "x" }), "NOT_FOUND");
        await expectOfferkitError(store.rules.delete("nope"), "NOT_FOUND");
      });

      it("refuses a write that would leave the library invalid, naming the path", async () => {
        const decision = {
          id: "broken",
          name: "Broken",
          fallbackOfferId: "house-banner",
          scopes: [
            { placementId: "web-hero", groups: [{ criteria: [{ collectionId: "missing" }] }] },
          ],
        };
        const error = await expectOfferkitError(
          store.decisions.create(decision),
          "INVALID_LIBRARY",
          ["scopes", 0, "groups", 0, "criteria", 0, "collectionId"],
        );
        expect(error.message).toContain("missing");
        await expectOfferkitError(store.decisions.get("broken"), "NOT_FOUND");
        expect(await store.currentVersion()).toBe(1);
      });

      it("names the other object when a change breaks it (fallback loses a placement's content)", async () => {
        const house = await store.offers.get("house-banner");
        await expectOfferkitError(
          store.offers.update("house-banner", {
            ...house,
            representations: house.representations.slice(1),
          }),
          "INVALID_LIBRARY",
          ["decisions", "homepage", "fallbackOfferId"],
        );
      });
    });

    describe("update, patch and etags", () => {
      it("replaces an object when If-Match carries the current etag, and refuses a stale one", async () => {
        const before = await store.offers.get("summer-sale");
        const { item, version } = await store.offers.update(
          "summer-sale",
          { ...before, name: "Summer sale 2" },
          { ifMatch: `"${before.etag}"` },
        );
        expect(version).toBe(2);
        expect(item.name).toBe("Summer sale 2");
        expect(item.etag).not.toBe(before.etag);
        expect(item.createdAt).toBe(before.createdAt);
        await expectOfferkitError(
          store.offers.update(
            "summer-sale",
            { ...before, name: "lost update" },
            { ifMatch: before.etag },
          ),
          "PRECONDITION_FAILED",
        );
        expect((await store.offers.get("summer-sale")).name).toBe("Summer sale 2");
        expect(await store.currentVersion()).toBe(2);
        // "*" matches whatever is stored
        await store.offers.update("summer-sale", { ...item, name: "any" }, { ifMatch: "*" });
      });

      it("keeps id and status out of reach of update", async () => {
        const current = await store.offers.get("winter-coat");
        await expectOfferkitError(
          store.offers.update("winter-coat", { ...current, id: "other" }),
          "VALIDATION_FAILED",
          ["id"],
        );
        await expectOfferkitError(
          store.offers.update("winter-coat", { ...current, status: "draft" }),
          "VALIDATION_FAILED",
          ["status"],
        );
        const { status: _status, ...withoutStatus } = current;
        const { item } = await store.offers.update("winter-coat", {
          ...withoutStatus,
          priority: 1,
        });
        expect(item).toMatchObject({ status: "approved", priority: 1 });
      });

      it("patch merges fields over the stored object", async () => {
        const { item } = await store.offers.patch("summer-sale", { priority: 42, tags: ["hot"] });
        expect(item).toMatchObject({
          id: "summer-sale",
          name: "Summer sale",
          priority: 42,
          tags: ["hot"],
        });
        await expectOfferkitError(
          store.offers.patch("summer-sale", { priority: -1 }),
          "VALIDATION_FAILED",
          ["priority"],
        );
      });
    });

    describe("delete", () => {
      it("refuses while referenced, listing every referrer, and succeeds once free", async () => {
        const error = await expectOfferkitError(store.offers.delete("summer-sale"), "REFERENCED", [
          "collections",
          "featured",
          "offerIds",
          0,
        ]);
        expect(error.issues).toHaveLength(1);
        await expectOfferkitError(store.collections.delete("featured"), "REFERENCED", [
          "decisions",
          "homepage",
          "scopes",
          0,
          "groups",
          0,
          "criteria",
          0,
          "collectionId",
        ]);
        await expectOfferkitError(store.placements.delete("email-banner"), "REFERENCED", [
          "offers",
          "house-banner",
          "representations",
          1,
          "placementId",
        ]);
        expect(await store.currentVersion()).toBe(1);

        const featured = await store.collections.get("featured");
        await store.collections.update("featured", { ...featured, offerIds: ["winter-coat"] });
        expect(await store.offers.delete("summer-sale")).toEqual({ version: 3 });
        await expectOfferkitError(store.offers.get("summer-sale"), "NOT_FOUND");
      });

      it("honours If-Match", async () => {
        await store.rankingFormulas.create({ id: "unused", name: "Unused", expression: "1.0" });
        await expectOfferkitError(
          store.rankingFormulas.delete("unused", { ifMatch: "stale" }),
          "PRECONDITION_FAILED",
        );
        const { etag } = await store.rankingFormulas.get("unused");
        await store.rankingFormulas.delete("unused", { ifMatch: etag });
        await expectOfferkitError(store.rankingFormulas.get("unused"), "NOT_FOUND");
      });
    });

    describe("status transitions", () => {
      it("moves offers draft → approved → draft → archived and refuses illegal moves", async () => {
        expect((await store.offers.transition("summer-sale", "approve")).item.status).toBe(
          "approved",
        );
        await expectOfferkitError(store.offers.transition("summer-sale", "approve"), "CONFLICT", [
          "status",
        ]);
        expect((await store.offers.transition("summer-sale", "unapprove")).item.status).toBe(
          "draft",
        );
        expect((await store.offers.transition("summer-sale", "archive")).item.status).toBe(
          "archived",
        );
        await expectOfferkitError(store.offers.transition("summer-sale", "approve"), "CONFLICT");
        await expectOfferkitError(store.offers.transition("summer-sale", "unapprove"), "CONFLICT");
        await expectOfferkitError(
          store.offers.transition("summer-sale", "publish" as never),
          "VALIDATION_FAILED",
          ["action"],
        );
        expect(await store.currentVersion()).toBe(4);
      });

      it("moves decisions draft → live → complete → draft, archive from anywhere but archived", async () => {
        await expectOfferkitError(store.decisions.transition("homepage", "complete"), "CONFLICT");
        expect((await store.decisions.transition("homepage", "go-live")).item.status).toBe("live");
        await expectOfferkitError(store.decisions.transition("homepage", "go-live"), "CONFLICT");
        expect((await store.decisions.transition("homepage", "complete")).item.status).toBe(
          "complete",
        );
        expect((await store.decisions.transition("homepage", "draft")).item.status).toBe("draft");
        await expectOfferkitError(store.decisions.transition("homepage", "draft"), "CONFLICT");
        expect((await store.decisions.transition("homepage", "archive")).item.status).toBe(
          "archived",
        );
        await expectOfferkitError(store.decisions.transition("homepage", "archive"), "CONFLICT");
      });

      it("checks If-Match on transitions", async () => {
        await expectOfferkitError(
          store.offers.transition("summer-sale", "approve", { ifMatch: "old" }),
          "PRECONDITION_FAILED",
        );
      });
    });

    describe("duplicate offer", () => {
      it("copies as a draft under a fresh id and name", async () => {
        const first = await store.offers.duplicate("winter-coat");
        expect(first.item).toMatchObject({
          id: "winter-coat-copy",
          name: "Winter coat deal (copy)",
          status: "draft",
          priority: 9,
        });
        const second = await store.offers.duplicate("winter-coat");
        expect(second.item.id).toBe("winter-coat-copy-2");
        const named = await store.offers.duplicate("winter-coat", {
          newId: "coat-b",
          name: "Coat B",
        });
        expect(named.item).toMatchObject({ id: "coat-b", name: "Coat B" });
        await expectOfferkitError(
          store.offers.duplicate("winter-coat", { newId: "coat-b" }),
          "CONFLICT",
          ["newId"],
        );
        await expectOfferkitError(store.offers.duplicate("missing"), "NOT_FOUND");
      });
    });

    describe("list", () => {
      beforeEach(async () => {
        for (let i = 0; i < 7; i++) {
          await store.offers.create(
            offer(`bulk-${i}`, {
              name: `Bulk ${i % 3}`,
              priority: i % 4,
              tags: i % 2 ? ["odd"] : [],
            }),
          );
        }
      });

      it("filters by status, tag, kind and name text", async () => {
        const ids = async (q: Parameters<typeof store.offers.list>[0]) =>
          (await store.offers.list(q)).items.map((o) => o.id);
        expect(await ids({ status: "approved" })).toEqual(["winter-coat"]);
        expect(await ids({ tag: "odd" })).toEqual(["bulk-1", "bulk-3", "bulk-5"]);
        expect(await ids({ kind: "fallback" })).toEqual(["house-banner"]);
        expect(await ids({ q: "COAT" })).toEqual(["winter-coat"]);
        expect(await ids({ q: "bulk 2", tag: "odd" })).toEqual(["bulk-5"]);
        expect((await store.collections.list({ kind: "dynamic" })).items.map((c) => c.id)).toEqual([
          "seasonal",
        ]);
        expect((await store.decisions.list({ status: "live" })).items).toEqual([]);
      });

      it("refuses filters that do not apply, naming the parameter", async () => {
        await expectOfferkitError(store.offers.list({ status: "live" }), "VALIDATION_FAILED", [
          "status",
        ]);
        await expectOfferkitError(store.placements.list({ tag: "x" }), "VALIDATION_FAILED", [
          "tag",
        ]);
        await expectOfferkitError(store.rules.list({ orderBy: "priority" }), "VALIDATION_FAILED", [
          "orderBy",
        ]);
        await expectOfferkitError(store.offers.list({ limit: 0 }), "VALIDATION_FAILED", ["limit"]);
        await expectOfferkitError(store.offers.list({ cursor: "garbage" }), "VALIDATION_FAILED", [
          "cursor",
        ]);
      });

      it.each([
        ["id", "asc"],
        ["name", "desc"],
        ["priority", "desc"],
        ["createdAt", "asc"],
        ["updatedAt", "desc"],
      ] as const)(
        "pages by %s %s: every item exactly once, in a stable order",
        async (orderBy, direction) => {
          const all = (await store.offers.list({ orderBy, direction, limit: 500 })).items;
          expect(all).toHaveLength(10);
          const key = (o: Stored<Offer>) =>
            orderBy === "priority"
              ? o.kind === "fallback"
                ? 0
                : o.priority
              : orderBy === "id"
                ? o.id
                : o[orderBy];
          for (let i = 1; i < all.length; i++) {
            const [a, b] = [key(all[i - 1]!), key(all[i]!)];
            if (direction === "asc") expect(a <= b).toBe(true);
            else expect(a >= b).toBe(true);
          }
          const walked: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const page = await store.offers.list({ orderBy, direction, limit: 3, cursor });
            walked.push(...page.items.map((o) => o.id));
            cursor = page.nextCursor;
            pages++;
          } while (cursor && pages < 10);
          expect(pages).toBe(4);
          expect(walked).toEqual(all.map((o) => o.id));
          await expectOfferkitError(
            store.offers.list({
              orderBy: orderBy === "id" ? "name" : "id",
              cursor: (await store.offers.list({ orderBy, direction, limit: 1 })).nextCursor,
            }),
            "VALIDATION_FAILED",
            ["cursor"],
          );
        },
      );
    });

    describe("export and import", () => {
      it("exports the whole library with its version and meta", async () => {
        const bundle = await store.exportBundle();
        expect(bundle.version).toBe(1);
        expect(bundle.offers.map((o) => o.id)).toEqual([
          "house-banner",
          "summer-sale",
          "winter-coat",
        ]);
        expect(bundle.decisions[0]).toMatchObject({ id: "homepage", status: "draft" });
        expect(bundle.decisions[0]?.etag).toMatch(/^[\w-]{10,}$/);
        expect(store.validateBundle(bundle)).toMatchObject({ ok: true });
      });

      it("round-trips: importing an export reproduces the library", async () => {
        await store.offers.transition("summer-sale", "approve");
        const exported = await store.exportBundle();
        const strip = (b: typeof exported) =>
          JSON.parse(
            JSON.stringify({ ...b, version: 0 }, (k, v: unknown) =>
              ["etag", "createdAt", "updatedAt"].includes(k) ? undefined : v,
            ),
          ) as unknown;
        const result = await store.importBundle(exported, { mode: "replace" });
        expect(result).toEqual({
          version: 3,
          counts: {
            offers: 3,
            placements: 2,
            collections: 2,
            rules: 1,
            rankingFormulas: 1,
            decisions: 1,
          },
        });
        expect(strip(await store.exportBundle())).toEqual(strip(exported));
        // createdAt survives a replace of the same object
        expect((await store.offers.get("summer-sale")).createdAt).toBe(
          exported.offers.find((o) => o.id === "summer-sale")?.createdAt,
        );
      });

      it("replace removes what the bundle lacks", async () => {
        const lib = sampleLibrary();
        await store.importBundle(
          { placements: lib.placements, rules: lib.rules },
          { mode: "replace" },
        );
        const bundle = await store.exportBundle();
        expect(bundle.offers).toEqual([]);
        expect(bundle.rules.map((r) => r.id)).toEqual(["gold-members"]);
      });

      it("merge upserts and keeps the rest", async () => {
        await store.importBundle(
          { offers: [offer("extra"), offer("summer-sale", { name: "Renamed" })] },
          { mode: "merge" },
        );
        expect((await store.offers.list()).items.map((o) => [o.id, o.name])).toEqual([
          ["extra", "Offer extra"],
          ["house-banner", "House banner"],
          ["summer-sale", "Renamed"],
          ["winter-coat", "Winter coat deal"],
        ]);
      });

      it("a failing import leaves the library untouched", async () => {
        const before = await store.exportBundle();
        const lib = sampleLibrary();
        const broken = { ...lib, decisions: [{ ...lib.decisions[0], fallbackOfferId: "nope" }] };
        await expectOfferkitError(
          store.importBundle(broken, { mode: "replace" }),
          "INVALID_LIBRARY",
          ["decisions", 0, "fallbackOfferId"],
        );
        await expectOfferkitError(
          store.importBundle({ offers: "x" }, { mode: "replace" }),
          "INVALID_LIBRARY",
          ["offers"],
        );
        await expectOfferkitError(
          store.importBundle(
            { offers: [offer("dangling", { eligibility: { ruleId: "ghost" } })] },
            { mode: "merge" },
          ),
          "INVALID_LIBRARY",
          ["offers", "dangling", "eligibility", "ruleId"],
        );
        await expectOfferkitError(
          store.importBundle(
            { offers: [offer("ok"), offer("bad", { priority: "high" })] },
            { mode: "merge" },
          ),
          "INVALID_LIBRARY",
          ["offers", 1, "priority"],
        );
        expect(await store.exportBundle()).toEqual(before);
      });
    });

    describe("versions", () => {
      it("stay monotonic under concurrent writes: each accepted write gets its own version", async () => {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.offers.create(offer(`c-${i}`))),
        );
        expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual([
          2, 3, 4, 5, 6, 7, 8, 9,
        ]);
        expect(await store.currentVersion()).toBe(9);
      });

      it("concurrent writes cannot together break the library (delete vs new reference)", async () => {
        await store.collections.create({
          id: "lonely",
          name: "Lonely",
          kind: "static",
          offerIds: [],
        });
        const decision = {
          id: "uses-lonely",
          name: "Uses lonely",
          fallbackOfferId: "house-banner",
          scopes: [
            { placementId: "web-hero", groups: [{ criteria: [{ collectionId: "lonely" }] }] },
          ],
        };
        const outcomes = await Promise.allSettled([
          store.decisions.create(decision),
          store.collections.delete("lonely"),
        ]);
        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
        expect(store.validateBundle(await store.exportBundle())).toMatchObject({ ok: true });
      });

      it("watchVersions reports a new version by NOTIFY, well before the poll", async () => {
        const seen: number[] = [];
        const stop = await store.watchVersions((v) => seen.push(v), { pollIntervalMs: 60_000 });
        await store.offers.create(offer("notified"));
        await expect.poll(() => seen, { timeout: 2000, interval: 20 }).toEqual([2]);
        await stop();
        await store.offers.create(offer("after-stop"));
        await new Promise((r) => setTimeout(r, 200));
        expect(seen).toEqual([2]);
      });

      it("watchVersions falls back to polling when notifications do not arrive", async () => {
        const deaf: SqlClient = {
          dialect: sql.dialect,
          query: (text, params) => sql.query(text, params),
          execute: (text, params) => sql.execute(text, params),
          transaction: (fn) => sql.transaction(fn),
          close: () => Promise.resolve(),
        };
        const deafStore = new SqlLibraryStore({
          sql: deaf,
          notifyChannel: "offerkit_test_library",
        });
        const seen: number[] = [];
        const stop = await deafStore.watchVersions((v) => seen.push(v), { pollIntervalMs: 100 });
        await store.offers.create(offer("polled"));
        await expect.poll(() => seen, { timeout: 2000, interval: 20 }).toEqual([2]);
        await stop();
      });

      // Only where a second instance can exist (PGlite is embedded in one process).
      if (backend.multiInstance)
        it("another instance on the same database sees a change within 2 s", async () => {
          if (!opened.openSecondClient) throw new Error("backend has no second client");
          const other = new SqlLibraryStore({
            sql: await opened.openSecondClient(),
            notifyChannel: "offerkit_test_library",
          });
          const seen: number[] = [];
          const stop = await other.watchVersions((v) => seen.push(v), { pollIntervalMs: 60_000 });
          const started = Date.now();
          const { version } = await store.offers.create(offer("propagated"));
          await expect.poll(() => seen, { timeout: 2000, interval: 10 }).toEqual([version]);
          expect(Date.now() - started).toBeLessThan(2000);
          expect((await other.offers.get("propagated")).id).toBe("propagated");
          await stop();
        });
    });
  });
}
