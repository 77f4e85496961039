/** The Offer Library UI is mounted at /ui beside the API, without an API key (it signs in itself). */
import { describe, expect, it } from "vitest";
import { startTestServer } from "./support/test-server.js";

describe("Offer Library UI mount", () => {
  it("redirects /ui to /ui/, serves or explains the UI there, refuses traversal, and leaves the API alone", async () => {
    const t = await startTestServer();
    try {
      const bare = await fetch(`${t.url}/ui`, { redirect: "manual" });
      expect(bare.status).toBe(308);
      expect(bare.headers.get("location")).toBe("/ui/");
      const index = await fetch(`${t.url}/ui/`);
      // 200 with the app once built (`pnpm build`), otherwise 404 with a hint how to build it.
      if (index.status === 200) {
        expect(index.headers.get("content-type")).toMatch(/text\/html/);
        expect(index.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
      } else {
        expect(index.status).toBe(404);
        expect(await index.text()).toMatch(/build/i);
      }
      const traversal = await fetch(`${t.url}/ui/..%2f..%2fpackage.json`);
      expect(traversal.status).not.toBe(200);
      // The API is untouched: still authenticated, still JSON errors.
      const api = await t.request("GET", "/v1/offers", { key: null });
      expect(api.status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
