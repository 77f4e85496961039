import { vitestPreset } from "@offerkit/tooling/vitest";

// One browser at a time: the machine is shared.
export default vitestPreset({
  test: { fileParallelism: false, testTimeout: 60_000, hookTimeout: 120_000 },
});
