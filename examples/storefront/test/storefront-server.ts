import { mkdtemp } from "node:fs/promises";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";

/** The real Vite build of the browser bundle, into a temporary folder (once per test file). */
export async function buildBrowserBundle(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), "storefront-assets-"));
  await build({
    configFile: join(import.meta.dirname, "../vite.config.ts"),
    root: join(import.meta.dirname, ".."),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  return outDir;
}

/** Serve on a free port; close() also ends keep-alive connections so the port is really down. */
export async function serve(
  app: RequestListener,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      closed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            closed = true;
            server.closeAllConnections();
            server.close(() => resolve());
          }),
  };
}
