/**
 * A library change made through instance A is served by instance B within 2 s (NOTIFY, with the
 * version poll as a safety net); B swaps its compiled snapshot without failing a request meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LibraryBundleInput } from "@offerkit/core";
import { openScaleOutFixture, type ScaleOutFixture } from "./support/scale-out-fixture.js";
import { spawnServerProcess, type ServerProcess } from "./support/server-process.js";

const text = (content: string) => [{ placementId: "web", type: "text" as const, content }];
const library: LibraryBundleInput = {
  placements: [{ id: "web", name: "Web", channel: "web", contentType: "text", itemCount: 1 }],
  offers: [
    {
      id: "old",
      name: "Old",
      status: "approved",
      priority: 10,
      tags: ["t"],
      representations: text("old"),
    },
    { id: "fallback", name: "Fallback", kind: "fallback", representations: text("F") },
  ],
  collections: [{ id: "all", name: "All", kind: "dynamic", tagsAny: ["t"] }],
  decisions: [
    {
      id: "home",
      name: "Home",
      status: "live",
      fallbackOfferId: "fallback",
      scopes: [{ placementId: "web", groups: [{ criteria: [{ collectionId: "all" }] }] }],
    },
  ],
};

let fixture: ScaleOutFixture;
let a: ServerProcess;
let b: ServerProcess;
beforeAll(async () => {
  fixture = await openScaleOutFixture(library, "memory");
  [a, b] = await Promise.all([spawnServerProcess(fixture.env), spawnServerProcess(fixture.env)]);
}, 120_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await fixture?.dispose();
});

async function call(
  server: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${fixture.key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: response.status === 204 ? undefined : await response.json(),
  };
}

const topOffer = async (server: ServerProcess): Promise<string | undefined> => {
  const r = await call(server, "POST", "/v1/decisions", {
    profile: { id: "watcher" },
    scopes: [{ decisionId: "home", placementId: "web" }],
    options: { dryRun: true },
  });
  expect(r.status).toBe(200);
  return r.body.propositions[0].items[0]?.offerId as string | undefined;
};

/** Polls B until `expected` is its top offer; returns the milliseconds it took. */
async function msUntilServed(expected: string | undefined): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 5000) {
    if ((await topOffer(b)) === expected) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Infinity;
}

describe("library propagation between instances", () => {
  it("serves a change made through A on B within 2 s, every time", async () => {
    expect(await topOffer(b)).toBe("old");
    const timings: number[] = [];

    const created = await call(a, "POST", "/v1/offers", {
      id: "new",
      name: "New",
      status: "approved",
      priority: 50,
      tags: ["t"],
      representations: text("new"),
    });
    expect(created.status).toBe(201);
    timings.push(await msUntilServed("new"));

    expect((await call(a, "POST", "/v1/offers/new/unapprove")).status).toBe(200);
    timings.push(await msUntilServed("old"));

    const imported = await call(a, "POST", "/v1/library/import?mode=merge", {
      offers: [
        {
          id: "imported",
          name: "Imported",
          status: "approved",
          priority: 99,
          tags: ["t"],
          representations: text("i"),
        },
      ],
    });
    expect(imported.status).toBe(200);
    timings.push(await msUntilServed("imported"));

    for (const ms of timings) expect(ms).toBeLessThan(2000);
    const versionA = (await call(a, "GET", "/readyz")).body.libraryVersion;
    const versionB = (await call(b, "GET", "/readyz")).body.libraryVersion;
    expect(versionB).toBe(versionA);
  }, 60_000);
});
