import { describe, expect, it } from "vitest";
import { settingsFromEnv } from "./env-config.js";

describe("settingsFromEnv", () => {
  it("keeps profile data in decision events unless OFFERKIT_DECISION_EVENT_PROFILE=none", () => {
    expect(settingsFromEnv({}).decisionEventProfile).toBe("full");
    expect(settingsFromEnv({ OFFERKIT_DECISION_EVENT_PROFILE: "none" }).decisionEventProfile).toBe(
      "none",
    );
    expect(() => settingsFromEnv({ OFFERKIT_DECISION_EVENT_PROFILE: "some" })).toThrow(
      'OFFERKIT_DECISION_EVENT_PROFILE: "some" is not one of full, none',
    );
  });
});
