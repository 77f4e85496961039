import { defineConfig } from "tsup";
import { tsupPreset } from "@offerkit/tooling/tsup";

export default defineConfig(
  tsupPreset(["src/index.ts"], { external: ["express", "@offerkit/core", "@offerkit/client"] }),
);
