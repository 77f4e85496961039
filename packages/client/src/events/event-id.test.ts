import { afterEach, describe, expect, it, vi } from "vitest";
import { newEventId } from "./event-id.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("newEventId", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("returns distinct v4 UUIDs", () => {
    const ids = new Set(Array.from({ length: 200 }, newEventId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it("builds a v4 UUID from getRandomValues where randomUUID is missing (insecure contexts)", () => {
    const real = globalThis.crypto;
    vi.stubGlobal("crypto", { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) });
    const a = newEventId();
    const b = newEventId();
    expect(a).toMatch(UUID_V4);
    expect(a).not.toBe(b);
  });
});
