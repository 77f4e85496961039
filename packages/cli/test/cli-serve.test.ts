/**
 * The one-command start: `offerkit serve` on a fresh data folder (embedded PGlite, no service) seeds the
 * demo library, prints its URLs and an admin key once, serves decisions with that key, and stops
 * cleanly on SIGTERM. A second start on the same folder keeps the data and prints no new key.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The sources, as `pnpm start` runs them (bin/offerkit.js would prefer a possibly stale dist/).
const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function serve(
  dataDir: string,
): Promise<{ banner: () => string; url: string; stop: () => Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=@offerkit/source",
      "--import",
      "tsx",
      MAIN,
      "serve",
      "--port",
      "0",
      "--data-dir",
      dataDir,
      "--quiet",
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 90 s:\n${stderr}`)), 90_000);
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /API {8}(http:\/\/\S+)\/v1\n/.exec(stderr);
      if (match?.[1] && stderr.includes("Library")) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
  });
  // The banner is written in one piece; give the rest of it a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    banner: () => stderr,
    url,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

describe("offerkit serve (embedded store)", () => {
  it("starts on a fresh folder with the demo library and an admin key, and restarts on the same data", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "offerkit-serve-"));
    dirs.push(dataDir);
    const first = await serve(dataDir);
    const banner = first.banner();
    expect(banner).toContain(`OpenAPI    ${first.url}/v1/openapi.json`);
    expect(banner).toContain("demo library seeded");
    const key = /Admin key {2}(okk_\S+)/.exec(banner)?.[1];
    expect(key).toBeDefined();
    const decide = () =>
      fetch(`${first.url}/v1/decisions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({
          profile: {
            id: "cust-ana",
            attributes: { tenureDays: 800, loyalty: { tier: "gold" }, interests: ["running"] },
          },
          scopes: [{ decisionId: "homepage", placementId: "web-hero" }],
        }),
      });
    const response = await decide();
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      propositions: { items: unknown[]; fallback?: unknown }[];
    };
    expect(
      body.propositions[0]!.items.length + (body.propositions[0]!.fallback ? 1 : 0),
    ).toBeGreaterThan(0);
    expect((await fetch(`${first.url}/v1/offers`)).status).toBe(401); // no anonymous access
    expect(await first.stop()).toBe(0);

    const second = await serve(dataDir);
    expect(second.banner()).not.toContain("Admin key");
    expect(second.banner()).not.toContain("demo library seeded");
    const again = await fetch(`${second.url}/v1/offers?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(again.status).toBe(200);
    expect(await second.stop()).toBe(0);
  }, 180_000);
});
