import { defineConfig } from "tsup";
import { tsupPreset } from "@offerkit/tooling/tsup";

export default defineConfig(
  tsupPreset(
    ["src/index.ts", "src/testing/index.ts", "src/demo/index.ts", "src/bench-workload/index.ts"],
    { external: ["vitest"] },
  ),
);
