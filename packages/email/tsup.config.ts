import { defineConfig } from "tsup";
import { tsupPreset } from "@offerkit/tooling/tsup";

export default defineConfig(
  tsupPreset(["src/index.ts", "src/cli/index.ts", "src/tracking/index.ts"]),
);
