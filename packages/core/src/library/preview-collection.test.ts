import { describe, expect, it } from "vitest";
import { OfferkitError } from "../errors/offerkit-error.js";
import { compileLibrary } from "./compile-library.js";
import { COLLECTION_PREVIEW_LIMIT, previewCollection } from "./preview-collection.js";

const web = [{ placementId: "web", type: "text" as const, content: "x" }];
const many = Array.from({ length: 25 }, (_, i) => ({
  id: `bulk-${String(i).padStart(2, "0")}`,
  name: `Bulk ${i}`,
  tags: ["bulk"],
  representations: web,
}));
const library = compileLibrary({
  placements: [{ id: "web", name: "Web", channel: "web", contentType: "text" }],
  offers: [
    {
      id: "a",
      name: "A",
      status: "approved",
      tags: ["spring", "shoes"],
      attributes: { margin: 0.3, brand: "acme" },
      representations: web,
    },
    {
      id: "b",
      name: "B",
      status: "draft",
      tags: ["spring"],
      attributes: { margin: 0.1 },
      representations: web,
    },
    {
      id: "c",
      name: "C",
      status: "approved",
      tags: ["winter"],
      attributes: { brand: "acme" },
      representations: web,
    },
    { id: "house", name: "House", kind: "fallback", tags: ["spring"], representations: web },
    ...many,
  ],
  collections: [],
  rules: [],
  rankingFormulas: [],
  decisions: [],
});

describe("previewCollection", () => {
  it("counts a dynamic definition's members by tags and attribute conditions, fallback offers excluded", () => {
    expect(previewCollection(library, { kind: "dynamic", tagsAny: ["spring"] })).toEqual({
      count: 2,
      approvedCount: 1,
      offers: [
        { id: "a", name: "A", status: "approved" },
        { id: "b", name: "B", status: "draft" },
      ],
      unknownOfferIds: [],
      emptyFilter: false,
    });
    expect(
      previewCollection(library, { kind: "dynamic", tagsAll: ["spring", "shoes"] }).offers.map(
        (o) => o.id,
      ),
    ).toEqual(["a"]);
    expect(
      previewCollection(library, {
        kind: "dynamic",
        conditions: [{ attribute: "margin", op: "gte", value: 0.2 }],
      }).offers.map((o) => o.id),
    ).toEqual(["a"]);
    expect(
      previewCollection(library, {
        id: "draft",
        name: "Acme",
        kind: "dynamic",
        conditions: [{ attribute: "brand", op: "eq", value: "acme" }],
      }).count,
    ).toBe(2);
  });

  it("lists the first members only but counts all of them", () => {
    const preview = previewCollection(library, { kind: "dynamic", tagsAny: ["bulk"] });
    expect(preview.count).toBe(25);
    expect(preview.offers).toHaveLength(COLLECTION_PREVIEW_LIMIT);
    expect(preview.offers[0]?.id).toBe("bulk-00");
  });

  it("keeps a static list's order and reports ids that are not personalized offers", () => {
    const preview = previewCollection(library, {
      kind: "static",
      offerIds: ["c", "missing", "a", "house"],
    });
    expect(preview.offers.map((o) => o.id)).toEqual(["c", "a"]);
    expect(preview.unknownOfferIds).toEqual(["missing", "house"]);
  });

  it("flags an empty dynamic filter and refuses malformed definitions with their paths", () => {
    expect(previewCollection(library, { kind: "dynamic" }).emptyFilter).toBe(true);
    let error: unknown;
    try {
      previewCollection(library, {
        kind: "dynamic",
        conditions: [{ attribute: "margin", op: "gt" }],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OfferkitError);
    expect((error as OfferkitError).issues[0]?.path).toEqual(["conditions", 0, "value"]);
  });
});
