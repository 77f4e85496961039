import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, get, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOfferLibraryHandler, offerLibraryDist } from "../server/index.js";

describe("the static handler the decision server mounts at /ui", () => {
  let root: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "offer-library-static-"));
    await mkdir(join(root, "assets"));
    await writeFile(join(root, "index.html"), "<!doctype html><title>ui</title>");
    await writeFile(join(root, "assets", "app.js"), "console.log(1)");
    await writeFile(join(tmpdir(), "offer-library-secret.txt"), "secret");
    const handle = createOfferLibraryHandler({ root, mountPath: "/ui" });
    server = createServer((req, res) => {
      void handle(req, res).then((handled) => {
        if (!handled) res.writeHead(418).end("not mine");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(root, { recursive: true, force: true });
  });

  it("serves index.html with a CSP at /ui/, assets cacheable, and redirects /ui to /ui/", async () => {
    const index = await fetch(`${base}/ui/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toContain("text/html");
    expect(index.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const asset = await fetch(`${base}/ui/assets/app.js`);
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const bare = await fetch(`${base}/ui`, { redirect: "manual" });
    expect(bare.status).toBe(308);
    expect(bare.headers.get("location")).toBe("/ui/");
  });

  it("leaves other paths to the server and never escapes its folder", async () => {
    expect((await fetch(`${base}/v1/offers`)).status).toBe(418);
    expect((await fetch(`${base}/uix`)).status).toBe(418);
    // Raw paths (fetch would normalize the dots away before sending).
    for (const path of [
      "/ui/../offer-library-secret.txt",
      "/ui/%2e%2e/offer-library-secret.txt",
      "/ui/..%2foffer-library-secret.txt",
      "/ui/assets/..%2f..%2foffer-library-secret.txt",
    ]) {
      const answer = await rawGet(`${base}${path}`);
      expect(answer.body, path).not.toContain("secret");
      expect([404, 418], path).toContain(answer.status); // refused, or normalized outside /ui and left to the server
    }
    expect((await fetch(`${base}/ui/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/ui/`, { method: "POST" })).status).toBe(405);
  });

  it("exports the absolute path of the package's dist folder", () => {
    expect(offerLibraryDist).toMatch(/apps[/\\]offer-library[/\\]dist[/\\]?$/);
  });
});

function rawGet(url: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const path = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  return new Promise((resolve, reject) => {
    get({ hostname, port, path }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}
