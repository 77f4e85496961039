import { vitestPreset } from "@offerkit/tooling/vitest";

export default vitestPreset();
