import { vitestPreset } from "@offerkit/tooling/vitest";

// One browser at a time: the machine is shared, and timing assertions (1 s dwell) need quiet cores.
export default vitestPreset({ test: { fileParallelism: false, testTimeout: 60_000 } });
