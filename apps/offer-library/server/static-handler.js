import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, relative, isAbsolute } from "node:path";
import { offerLibraryDist } from "./dist-path.js";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

// The UI talks to its own origin only; previews may show images from anywhere and sanitized HTML.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: http: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * A node:http handler for the built UI under `mountPath` (default "/ui"): GET/HEAD only, no directory
 * escape, index.html for the mount root. Resolves to true when it answered, false when the request is
 * not for the UI (the caller routes it on). Works with node:http, express and fastify's raw req/res.
 */
export function createOfferLibraryHandler(options = {}) {
  const root = options.root ?? offerLibraryDist;
  const mountPath = (options.mountPath ?? "/ui").replace(/\/$/, "");
  return async function handleOfferLibrary(req, res) {
    const url = new URL(req.url ?? "/", "http://local");
    if (url.pathname !== mountPath && !url.pathname.startsWith(`${mountPath}/`)) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    if (url.pathname === mountPath) {
      res.writeHead(308, { location: `${mountPath}/${url.search}` }).end();
      return true;
    }
    let path;
    try {
      path = decodeURIComponent(url.pathname.slice(mountPath.length + 1)) || "index.html";
    } catch {
      res.writeHead(400).end();
      return true;
    }
    const file = join(root, path);
    const inside = relative(root, file);
    if (inside.startsWith("..") || isAbsolute(inside) || path.includes("\0")) {
      res.writeHead(404).end();
      return true;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      res
        .writeHead(404, { "content-type": "text/plain; charset=utf-8" })
        .end(
          info
            ? "not found"
            : `not found${path === "index.html" ? " (is the UI built? pnpm --filter @offerkit/offer-library build)" : ""}`,
        );
      return true;
    }
    const isAsset = path.startsWith("assets/");
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": String(info.size),
      "cache-control": isAsset ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
      ...(path.endsWith(".html")
        ? { "content-security-policy": CSP, "referrer-policy": "no-referrer" }
        : {}),
    });
    if (req.method === "HEAD") {
      res.end();
      return true;
    }
    await new Promise((resolve, reject) => {
      createReadStream(file).on("error", reject).on("end", resolve).pipe(res);
    });
    return true;
  };
}
