import { defineConfig } from "tsup";
import { tsupPreset } from "@offerkit/tooling/tsup";

// "use client": the slot holds state and effects, so React Server Components must not render it.
// treeshake off: tsup's rollup tree-shaking pass strips module-level directives (esbuild already drops dead code).
export default defineConfig(
  tsupPreset(["src/index.ts"], {
    external: ["react", "dompurify", "@offerkit/client"],
    banner: { js: '"use client";' },
    treeshake: false,
    dts: { resolve: false },
  }),
);
