// Shared tsup preset: ESM + .d.ts, one entry per public subpath.
export function tsupPreset(entry, overrides = {}) {
  return {
    entry,
    format: ["esm"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    treeshake: true,
    ...overrides,
  };
}
