import { counterKey } from "@offerkit/core";
import { describe, expect, it } from "vitest";
import { capCounterOwner } from "./cap-rejection-key.js";

describe("cap counter keys read back", () => {
  it("recovers offer, cap and placement from core's own keys, escapes included", () => {
    const each = counterKey({
      offerId: "o|1%",
      capId: "daily",
      profileId: "u|x",
      placement: { kind: "each", placementId: "web|hero" },
      windowSuffix: "c123",
    });
    expect(capCounterOwner(each)).toEqual({
      offerId: "o|1%",
      capId: "daily",
      placementId: "web|hero",
    });
    const all = counterKey({
      offerId: "o2",
      capId: "life",
      profileId: undefined,
      placement: { kind: "all" },
      windowSuffix: "life",
    });
    expect(capCounterOwner(all)).toEqual({ offerId: "o2", capId: "life", placementId: "" });
    const list = counterKey({
      offerId: "o3",
      capId: "c",
      profileId: undefined,
      placement: { kind: "list" },
      windowSuffix: "life",
    });
    expect(capCounterOwner(list)?.placementId).toBe("");
  });

  it("ignores keys that are not cap counters", () => {
    expect(capCounterOwner("arm|o1|clicks")).toBeUndefined();
    expect(capCounterOwner("cap|o1|c")).toBeUndefined();
  });
});
