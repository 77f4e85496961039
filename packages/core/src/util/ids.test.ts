import { describe, expect, it } from "vitest";
import { randomIds, seededIds } from "./ids.js";
import { seededRandom } from "./seeded-random.js";

describe("ids", () => {
  it("random ids are unique within and across generators", () => {
    const a = randomIds();
    const b = randomIds();
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      seen.add(a());
      seen.add(b());
    }
    expect(seen.size).toBe(20_000);
  });

  it("random ids are valid library ids and differ in their prefix between generators", () => {
    const a = randomIds()();
    const b = randomIds()();
    expect(a).toMatch(/^[0-9a-f]{24}-[0-9a-z]+$/);
    expect(a.split("-")[0]).not.toBe(b.split("-")[0]);
  });

  it("seeded ids repeat for the same seed and look like UUIDs", () => {
    const x = seededIds(seededRandom(5));
    const y = seededIds(seededRandom(5));
    const first = x();
    expect(first).toBe(y());
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
