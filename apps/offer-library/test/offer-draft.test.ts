import { describe, expect, it } from "vitest";
import type { Offer } from "../src/api/library-types.js";
import { newCapDraft } from "../src/caps/cap-draft.js";
import {
  DraftError,
  draftFromOffer,
  emptyDraft,
  emptyRepresentation,
  offerPayload,
} from "../src/offers/offer-draft.js";

const stored = {
  id: "spring",
  name: "Spring",
  status: "approved",
  kind: "personalized",
  priority: 5,
  tags: ["a", "b"],
  attributes: { margin: 0.3 },
  caps: [{ id: "once", event: "display", scope: "profile", limit: 1 }],
  eligibility: { expression: "profile.age >= 18" },
  representations: [
    { placementId: "web", type: "json", content: { title: "Hi" }, language: ["en"] },
    { placementId: "email", type: "html", content: "<b>x</b>", linkUrl: "https://example.com/" },
  ],
  etag: "e1",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-02T00:00:00.000Z",
} as unknown as Offer;

describe("offer drafts", () => {
  it("round-trips an offer, keeping the fields the form does not edit and dropping server metadata", () => {
    const payload = offerPayload(draftFromOffer(stored), stored);
    expect(payload).toEqual({
      id: "spring",
      name: "Spring",
      status: "approved",
      kind: "personalized",
      priority: 5,
      tags: ["a", "b"],
      attributes: { margin: 0.3 },
      caps: [{ id: "once", event: "display", scope: "profile", limit: 1, placements: "all" }],
      eligibility: { expression: "profile.age >= 18" },
      representations: [
        { placementId: "web", type: "json", content: { title: "Hi" }, language: ["en"] },
        {
          placementId: "email",
          type: "html",
          content: "<b>x</b>",
          linkUrl: "https://example.com/",
        },
      ],
    });
  });

  it("builds a new offer: tags split, priority as an integer, dates as ISO instants, no eligibility for everyone", () => {
    const draft = {
      ...emptyDraft(),
      id: " new ",
      name: "New",
      tags: "x, , y",
      priority: "7",
      startDate: "2026-03-01T10:00",
    };
    draft.representations = [{ ...emptyRepresentation("web"), content: "Hello" }];
    const payload = offerPayload(draft, undefined);
    expect(payload).toMatchObject({
      id: "new",
      tags: ["x", "y"],
      priority: 7,
      representations: [{ placementId: "web", type: "text", content: "Hello" }],
    });
    expect(payload.startDate).toBe(new Date("2026-03-01T10:00").toISOString());
    expect(payload).not.toHaveProperty("eligibility");
    expect(payload).not.toHaveProperty("endDate");
  });

  it("refuses invalid JSON content and a fractional priority before anything is sent", () => {
    const draft = {
      ...emptyDraft(),
      id: "o",
      name: "O",
      representations: [{ ...emptyRepresentation("web"), type: "json" as const, content: "{nope" }],
    };
    expect(() => offerPayload(draft, undefined)).toThrow(DraftError);
    expect(() =>
      offerPayload({ ...emptyDraft(), id: "o", name: "O", priority: "1.5" }, undefined),
    ).toThrow(/whole number/);
  });

  it("edits attributes as JSON (refusing the wrong shape) and caps through their form fields", () => {
    const daily = {
      ...newCapDraft(0),
      id: "daily",
      limit: "3",
      window: "calendar" as const,
      unit: "week" as const,
      count: "2",
      timeZone: "Europe/Paris",
      weekStart: "sunday" as const,
    };
    const draft = { ...draftFromOffer(stored), attributes: '{"margin":0.5}', caps: [daily] };
    expect(offerPayload(draft, stored)).toMatchObject({
      attributes: { margin: 0.5 },
      caps: [
        {
          id: "daily",
          event: "decision",
          scope: "profile",
          limit: 3,
          placements: "all",
          window: {
            type: "calendar",
            unit: "week",
            count: 2,
            timeZone: "Europe/Paris",
            weekStart: "sunday",
          },
        },
      ],
    });
    expect(() => offerPayload({ ...draft, attributes: "[" }, stored)).toThrow(
      /Attributes is not valid JSON/,
    );
    expect(() => offerPayload({ ...draft, attributes: "[]" }, stored)).toThrow(
      /Attributes must be a JSON object/,
    );
  });

  it("a fallback offer carries no priority, dates, eligibility or caps", () => {
    const payload = offerPayload({ ...draftFromOffer(stored), kind: "fallback" }, stored);
    for (const field of ["priority", "startDate", "endDate", "eligibility", "caps"])
      expect(payload).not.toHaveProperty(field);
  });
});
