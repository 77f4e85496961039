/**
 * Scale-out: three server processes on one PostgreSQL schema and one Redis prefix, 50 concurrent
 * clients. An offer with a global decision cap of 500 and a per-profile cap of 3 must be reserved
 * exactly 500 times, never more than 3 times per profile — and still never over-delivered, with no
 * acknowledged event lost, when one instance is SIGKILLed mid-load.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CapRule, capCheckFor, type CapRuleInput, type LibraryBundleInput } from "@offerkit/core";
import { openScaleOutFixture, type ScaleOutFixture } from "./support/scale-out-fixture.js";
import { spawnServerProcess, type ServerProcess } from "./support/server-process.js";

const GLOBAL_CAP: CapRuleInput = {
  id: "global-500",
  event: "decision",
  scope: "global",
  limit: 500,
};
const PROFILE_CAP: CapRuleInput = {
  id: "profile-3",
  event: "decision",
  scope: "profile",
  limit: 3,
};
const PROFILES = 250; // 250 × 3 = 750 > 500: the global cap binds, and so does the per-profile one
const REQUESTS_PER_PROFILE = 4;

function scarceLibrary(): LibraryBundleInput {
  const text = (content: string) => [{ placementId: "web", type: "text" as const, content }];
  return {
    placements: [{ id: "web", name: "Web", channel: "web", contentType: "text", itemCount: 1 }],
    offers: [
      {
        id: "scarce",
        name: "Scarce",
        status: "approved",
        priority: 10,
        tags: ["t"],
        representations: text("S"),
        caps: [GLOBAL_CAP, PROFILE_CAP],
      },
      { id: "fallback", name: "Fallback", kind: "fallback", representations: text("F") },
    ],
    collections: [{ id: "all", name: "All", kind: "static", offerIds: ["scarce"] }],
    decisions: [
      {
        id: "flash",
        name: "Flash sale",
        status: "live",
        fallbackOfferId: "fallback",
        scopes: [{ placementId: "web", groups: [{ criteria: [{ collectionId: "all" }] }] }],
      },
    ],
  };
}

interface LoadOutcome {
  /** Served (acknowledged) "scarce" items per profile. */
  servedByProfile: Map<string, number>;
  propositionIds: string[];
  /** Ids of feedback events the server acknowledged. */
  ackedEventIds: string[];
  failedRequests: number;
}

/** 50 clients; each request goes to the next live instance; a refused connection moves on to another. */
async function runLoad(
  instances: ServerProcess[],
  key: string,
  onProgress?: (done: number) => void,
): Promise<LoadOutcome> {
  const work: string[] = [];
  for (let round = 0; round < REQUESTS_PER_PROFILE; round++)
    for (let p = 0; p < PROFILES; p++) work.push(`profile-${p}`);
  const outcome: LoadOutcome = {
    servedByProfile: new Map(),
    propositionIds: [],
    ackedEventIds: [],
    failedRequests: 0,
  };
  const dead = new Set<number>();
  let next = 0;
  let done = 0;
  let turn = 0;
  const post = async (path: string, body: unknown): Promise<Response | undefined> => {
    for (let attempt = 0; attempt < instances.length * 2; attempt++) {
      const index = turn++ % instances.length;
      if (dead.has(index)) continue;
      try {
        return await fetch(`${instances[index]!.url}${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      } catch {
        dead.add(index); // connection refused / reset: that instance is gone (its answer was never acknowledged)
      }
    }
    return undefined;
  };
  const client = async (): Promise<void> => {
    while (next < work.length) {
      const profileId = work[next++]!;
      const response = await post("/v1/decisions", {
        profile: { id: profileId },
        scopes: [{ decisionId: "flash", placementId: "web" }],
      });
      if (response === undefined || response.status !== 200) {
        outcome.failedRequests++;
        continue;
      }
      const body = (await response.json()) as {
        propositions: { id: string; items: { offerId: string }[] }[];
      };
      const proposition = body.propositions[0]!;
      outcome.propositionIds.push(proposition.id);
      const served = proposition.items.filter((i) => i.offerId === "scarce").length;
      if (served > 0) {
        outcome.servedByProfile.set(
          profileId,
          (outcome.servedByProfile.get(profileId) ?? 0) + served,
        );
        const eventId = `display-${proposition.id}`;
        const event = {
          id: eventId,
          type: "display",
          offerId: "scarce",
          timestamp: new Date().toISOString(),
          profileId,
          propositionId: proposition.id,
          decisionId: "flash",
          placementId: "web",
        };
        const ack = await post("/v1/events", { events: [event] });
        if (ack?.status === 200) outcome.ackedEventIds.push(eventId);
      }
      onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: 50 }, client));
  return outcome;
}

/** Reserved count of the global cap, read from Redis through the same CounterStore the servers use. */
async function reservedGlobally(fixture: ScaleOutFixture): Promise<number> {
  const check = capCheckFor({
    offerId: "scarce",
    cap: CapRule.parse(GLOBAL_CAP),
    profileId: "anyone",
    placementId: "web",
    now: new Date(),
  });
  const [count] = await fixture.stores.counters.counts([check!]);
  return count!;
}

async function storedEventIds(
  fixture: ScaleOutFixture,
  type: "decision" | "display",
): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fixture.stores.events.query({
      type,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    for (const e of page.items) ids.add(type === "decision" ? e.propositionId : e.id);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return ids;
}

let fixture: ScaleOutFixture | undefined;
let instances: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  instances = [];
  await fixture?.dispose();
  fixture = undefined;
});

describe("three instances on PostgreSQL + Redis", () => {
  it("reserve exactly 500 under the global cap and at most 3 per profile", async () => {
    fixture = await openScaleOutFixture(scarceLibrary());
    instances = await Promise.all([1, 2, 3].map(() => spawnServerProcess(fixture!.env)));
    const outcome = await runLoad(instances, fixture.key);

    expect(outcome.failedRequests).toBe(0);
    const served = [...outcome.servedByProfile.values()];
    console.log(
      `3 instances: ${outcome.propositionIds.length} decisions, ${served.reduce((a, b) => a + b, 0)} served, ${await reservedGlobally(fixture)} reserved`,
    );
    expect(served.reduce((a, b) => a + b, 0)).toBe(500);
    expect(Math.max(...served)).toBeLessThanOrEqual(3);
    expect(await reservedGlobally(fixture)).toBe(500);
    // Every decision was stored as an event before it was answered.
    const stored = await storedEventIds(fixture, "decision");
    for (const id of outcome.propositionIds) expect(stored.has(id), id).toBe(true);
  }, 180_000);

  it("never over-deliver and lose no acknowledged event when one instance is SIGKILLed mid-load", async () => {
    fixture = await openScaleOutFixture(scarceLibrary());
    instances = await Promise.all([1, 2, 3].map(() => spawnServerProcess(fixture!.env)));
    const victim = instances[1]!;
    let killed = false;
    const outcome = await runLoad(instances, fixture.key, (done) => {
      if (!killed && done >= 300) {
        killed = true;
        victim.kill("SIGKILL");
      }
    });
    expect(killed).toBe(true);
    expect(await victim.exited).toBeNull(); // killed by the signal, not exited

    const served = [...outcome.servedByProfile.values()];
    const total = served.reduce((a, b) => a + b, 0);
    const reserved = await reservedGlobally(fixture);
    console.log(
      `SIGKILL run: ${outcome.propositionIds.length} decisions acknowledged, ${total} served, ${reserved} reserved, ${outcome.ackedEventIds.length} events acknowledged`,
    );
    expect(reserved).toBeLessThanOrEqual(500);
    expect(total).toBeLessThanOrEqual(reserved); // reservations whose answer died with the instance are not served
    expect(total).toBeGreaterThan(400); // the survivors kept serving
    expect(Math.max(...served)).toBeLessThanOrEqual(3);
    const decisions = await storedEventIds(fixture, "decision");
    for (const id of outcome.propositionIds)
      expect(decisions.has(id), `decision event of ${id}`).toBe(true);
    const displays = await storedEventIds(fixture, "display");
    for (const id of outcome.ackedEventIds) expect(displays.has(id), id).toBe(true);
    expect(outcome.ackedEventIds.length).toBe(total);
  }, 180_000);
});
