import { defineConfig } from "tsup";
import { tsupPreset } from "@offerkit/tooling/tsup";

export default defineConfig(tsupPreset(["src/index.ts", "src/main.ts"]));
