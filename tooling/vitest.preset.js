// Shared vitest preset: tests run against package sources (the "@offerkit/source" export
// condition points at src/), so no build step is needed before `pnpm test`. Every run also writes a
// JSON report that tooling/scripts/test-summary.mjs sums into one closing line.
import { defineConfig, mergeConfig } from "vitest/config";

export const base = defineConfig({
  resolve: { conditions: ["@offerkit/source"] },
  ssr: { resolve: { conditions: ["@offerkit/source"] } },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts", "test/**/*.test.tsx"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});

export function vitestPreset(overrides = {}) {
  return mergeConfig(base, defineConfig(overrides));
}
