/**
 * SIGTERM drains: requests already received are answered (200), new connections are refused, the
 * process exits 0 — no request is cut off mid-flight.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openScaleOutFixture, type ScaleOutFixture } from "./support/scale-out-fixture.js";
import { spawnServerProcess, type ServerProcess } from "./support/server-process.js";
import { apiTestLibrary } from "./support/api-library.js";

let fixture: ScaleOutFixture;
let server: ServerProcess;
beforeAll(async () => {
  fixture = await openScaleOutFixture(apiTestLibrary(), "memory");
  server = await spawnServerProcess(fixture.env);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await fixture?.dispose();
});

describe("graceful shutdown", () => {
  it("answers in-flight requests, refuses new connections, exits 0", async () => {
    const body = JSON.stringify({
      profile: { id: "p", attributes: { age: 30 } },
      scopes: [{ decisionId: "home", placementId: "web" }],
    });
    const outcomes: string[] = [];
    let signalled = false;
    const requests = Array.from({ length: 200 }, async () => {
      try {
        const r = await fetch(`${server.url}/v1/decisions`, {
          method: "POST",
          headers: { authorization: `Bearer ${fixture.key}`, "content-type": "application/json" },
          body,
        });
        const text = await r.text();
        if (!signalled) {
          signalled = true;
          server.kill("SIGTERM");
        }
        outcomes.push(
          r.status === 200 && text.includes("propositions") ? "answered" : `status ${r.status}`,
        );
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
        outcomes.push(code);
      }
    });
    await Promise.all(requests);
    expect(await server.exited).toBe(0);
    const answered = outcomes.filter((o) => o === "answered").length;
    const refused = outcomes.filter((o) => o === "ECONNREFUSED").length;
    expect(answered).toBeGreaterThan(0);
    console.log(
      JSON.stringify(
        outcomes.reduce<Record<string, number>>((m, o) => ({ ...m, [o]: (m[o] ?? 0) + 1 }), {}),
      ),
    );
    expect(answered + refused).toBe(200); // nothing else: no reset, no 5xx
    expect(server.output.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
  }, 60_000);
});
