/** Commands on a real store (the running PostgreSQL) and against a running server. */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retailDemoLibrary } from "@offerkit/core/demo";
import { createStores, startDecisionServer, JsonLogger } from "@offerkit/decision-server";
import { runCli } from "../src/run-cli.js";
import { captureIo } from "./capture-io.js";

const PG_URL = process.env.OFFERKIT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `offerkit_cli_${process.pid}_${randomBytes(4).toString("hex")}`;
const storeArgs = ["--database-url", PG_URL, "--schema", schema];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "offerkit-cli-store-"));
  await writeFile(join(dir, "demo.json"), JSON.stringify(retailDemoLibrary));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

describe("offerkit keys", () => {
  it("creates (printing the key once), lists without secrets, and revokes", async () => {
    const created = captureIo(dir);
    expect(
      await runCli(
        [
          "keys",
          "create",
          "--name",
          "ci",
          "--scopes",
          "decide,track",
          "--rate-limit",
          "50",
          ...storeArgs,
        ],
        created,
      ),
    ).toBe(0);
    const key = created.out().trim();
    expect(key).toMatch(/^okk_/);
    const listed = captureIo(dir);
    expect(await runCli(["keys", "list", "--json", ...storeArgs], listed)).toBe(0);
    const infos = JSON.parse(listed.out()) as {
      id: string;
      name: string;
      scopes: string[];
      rateLimit?: { requestsPerSecond: number };
    }[];
    const info = infos.find((k) => k.name === "ci")!;
    expect(info).toMatchObject({
      scopes: ["decide", "track"],
      rateLimit: { requestsPerSecond: 50 },
    });
    expect(listed.out()).not.toContain(key);
    const table = captureIo(dir);
    expect(await runCli(["keys", "list", ...storeArgs], table)).toBe(0);
    expect(table.out()).toMatch(new RegExp(`${info.id}\\s+ci\\s+decide,track\\s+50/s`));
    const revoked = captureIo(dir);
    expect(await runCli(["keys", "revoke", info.id, ...storeArgs], revoked)).toBe(0);
    expect(revoked.out()).toContain(`revoked ${info.id}`);
    const stores = await createStores({ databaseUrl: PG_URL, schema });
    try {
      expect(await stores.apiKeys.verify(key)).toBeUndefined();
    } finally {
      await stores.close();
    }
  });

  it("refuses unknown scopes and missing names as usage errors", async () => {
    expect(
      await runCli(
        ["keys", "create", "--name", "x", "--scopes", "root", ...storeArgs],
        captureIo(dir),
      ),
    ).toBe(2);
    expect(
      await runCli(["keys", "create", "--scopes", "admin", ...storeArgs], captureIo(dir)),
    ).toBe(2);
    const unknown = captureIo(dir);
    expect(await runCli(["keys", "revoke", "nope", ...storeArgs], unknown)).toBe(1);
    expect(unknown.err()).toContain("NOT_FOUND");
  });
});

describe("offerkit library import / export", () => {
  it("imports atomically into the store and exports what was imported", async () => {
    const imported = captureIo(dir);
    expect(
      await runCli(["library", "import", "demo.json", "--mode", "replace", ...storeArgs], imported),
    ).toBe(0);
    expect(imported.out()).toMatch(/library version \d+; \d+ offers/);
    const exported = captureIo(dir);
    expect(await runCli(["library", "export", ...storeArgs], exported)).toBe(0);
    const bundle = JSON.parse(exported.out()) as { offers: { id: string }[] };
    expect(bundle.offers.map((o) => o.id).sort()).toEqual(
      retailDemoLibrary.offers!.map((o) => o.id).sort(),
    );
  });

  it("works against a running server with --server and --key, showing the server's issues", async () => {
    const stores = await createStores({ databaseUrl: PG_URL, schema });
    const { key } = await stores.apiKeys.create({ name: "cli", scopes: ["library:write"] });
    const server = await startDecisionServer({
      stores,
      port: 0,
      logger: new JsonLogger(() => undefined, "silent"),
    });
    try {
      const exported = captureIo(dir);
      expect(
        await runCli(
          ["library", "export", "--server", server.url, "--key", key, "--out", "exported.json"],
          exported,
        ),
      ).toBe(0);
      expect(exported.err()).toMatch(/exported library version \d+ to exported\.json/);
      await writeFile(join(dir, "bad.json"), JSON.stringify({ offers: [{ id: "x", name: "" }] }));
      const bad = captureIo(dir, { OFFERKIT_URL: server.url, OFFERKIT_API_KEY: key });
      expect(await runCli(["library", "import", "bad.json"], bad)).toBe(1);
      expect(bad.err()).toMatch(/offers\[0\]\.name: /);
      const keysViaServer = captureIo(dir);
      expect(
        await runCli(
          [
            "keys",
            "create",
            "--name",
            "via-http",
            "--scopes",
            "track",
            "--server",
            server.url,
            "--key",
            key,
          ],
          keysViaServer,
        ),
      ).toBe(1);
      expect(keysViaServer.err()).toContain("FORBIDDEN"); // a library:write key may not manage keys
      const { key: admin } = await stores.apiKeys.create({ name: "admin", scopes: ["admin"] });
      const created = captureIo(dir);
      expect(
        await runCli(
          [
            "keys",
            "create",
            "--name",
            "via-http",
            "--scopes",
            "track",
            "--server",
            server.url,
            "--key",
            admin,
          ],
          created,
        ),
      ).toBe(0);
      expect(await stores.apiKeys.verify(created.out().trim())).toMatchObject({
        name: "via-http",
        scopes: ["track"],
      });
      const listed = captureIo(dir);
      expect(await runCli(["keys", "list", "--server", server.url, "--key", admin], listed)).toBe(
        0,
      );
      expect(listed.out()).toMatch(/via-http\s+track/);
      const unauthorized = captureIo(dir);
      expect(
        await runCli(
          ["library", "export", "--server", server.url, "--key", "okk_wrong_key"],
          unauthorized,
        ),
      ).toBe(1);
      expect(unauthorized.err()).toContain("UNAUTHORIZED");
    } finally {
      await server.close();
      await stores.close();
    }
  });
});
