import { describe, expect, it } from "vitest";
import { capDraft, capPayload, newCapDraft } from "../src/caps/cap-draft.js";

describe("cap drafts", () => {
  it("round-trips every window kind, custom events and placement lists", () => {
    const caps = [
      {
        id: "daily",
        event: "decision",
        scope: "profile",
        limit: 3,
        placements: "all",
        window: {
          type: "calendar",
          unit: "day",
          count: 1,
          timeZone: "Europe/Berlin",
          weekStart: "monday",
        },
      },
      {
        id: "rolling",
        event: { custom: "add-to-cart" },
        scope: "global",
        limit: 100,
        placements: "each",
        window: { type: "rolling", duration: "PT12H" },
      },
      { id: "web-only", event: "interact", scope: "profile", limit: 1, placements: ["web", "app"] },
    ];
    expect(caps.map((c, i) => capPayload(capDraft(c, i)))).toEqual(caps);
  });

  it("sends what the user typed when it is not a number, so the server names the field", () => {
    const payload = capPayload({ ...newCapDraft(0), limit: "lots", window: "calendar", count: "" });
    expect(payload.limit).toBe("lots");
    expect(payload.window).toMatchObject({ count: "" });
  });

  it("starts a new cap with unique id and a lifetime window", () => {
    expect(capPayload(newCapDraft(2))).toEqual({
      id: "cap-3",
      event: "decision",
      scope: "profile",
      limit: 1,
      placements: "all",
    });
  });
});
