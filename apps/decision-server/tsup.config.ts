import { copyFile } from "node:fs/promises";
import { defineConfig } from "tsup";
import { tsupPreset } from "@offerkit/tooling/tsup";

export default defineConfig(
  tsupPreset(["src/index.ts", "src/main.ts"], {
    // The embedded database's worker thread is loaded from a file next to the bundle.
    onSuccess: () => copyFile("src/store/sql/pglite-worker.mjs", "dist/pglite-worker.mjs"),
  }),
);
