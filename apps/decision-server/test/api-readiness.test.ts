/** /readyz turns 503 as soon as shutdown begins, while the server still answers during the drain. */
import { describe, expect, it } from "vitest";
import { startTestServer } from "./support/test-server.js";

describe("readiness during shutdown", () => {
  it("answers 503 UNAVAILABLE from /readyz and Connection: close while draining, then stops", async () => {
    const t = await startTestServer();
    expect((await t.request("GET", "/readyz", { key: null })).status).toBe(200);
    const closing = t.server.close();
    const ready = await t.request("GET", "/readyz", { key: null });
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe("UNAVAILABLE");
    expect(ready.headers.get("connection")).toBe("close");
    expect((await t.request("GET", "/healthz", { key: null })).status).toBe(200);
    await closing;
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    await t.close();
  });
});
