import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

export async function tempUiDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "offer-library-ui-"));
}

/** Builds the UI with the package's own vite config into `outDir` (~2 s). */
export async function buildUi(outDir: string): Promise<void> {
  // vitest sets NODE_ENV=test, which vite keeps: a mix of the development JSX transform and React's
  // production build. Build exactly as `vite build` does.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: join(packageRoot, "vite.config.ts"),
      root: packageRoot,
      logLevel: "warn",
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
