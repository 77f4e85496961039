import { createServer } from "vite";
import type { startStorefront as StartStorefront } from "./start-storefront.js";

/**
 * Vite loads the server code (as in the tests): workspace packages resolve to their TypeScript
 * sources through the @offerkit/source condition and JSX compiles with each package's settings,
 * so the demo runs without building every package first. No watcher, no HMR: just a module loader.
 */
const vite = await createServer({
  configFile: new URL("../vite.config.ts", import.meta.url).pathname,
  server: { middlewareMode: true, watch: null, hmr: false },
  appType: "custom",
  logLevel: "warn",
});
const loaded = (await vite.ssrLoadModule("/src/start-storefront.ts")) as {
  startStorefront: typeof StartStorefront;
};
loaded.startStorefront();
