import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CounterCheck, CounterStore } from "@offerkit/core";

/**
 * What the engine's contract suite cannot see: several instances (own connections) sharing one
 * store. 300 reserves spread over 3 instances against a global cap of 50 and per-profile caps of 3.
 */
export function describeCounterStoreAcrossInstances(
  name: string,
  openInstances: () => Promise<{ stores: CounterStore[]; dispose(): Promise<void> }>,
): void {
  describe(`${name}: several instances sharing one store`, () => {
    let instances: { stores: CounterStore[]; dispose(): Promise<void> };
    let stores: CounterStore[];
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

    beforeAll(async () => {
      instances = await openInstances();
      stores = instances.stores;
    });
    afterAll(async () => {
      await instances.dispose();
    });

    it("never over-deliver a global or a per-profile cap", async () => {
      const global: CounterCheck = {
        readKeys: [`${run}:global`],
        writeKey: `${run}:global`,
        limit: 50,
      };
      const profile = (p: number): CounterCheck => ({
        readKeys: [`${run}:p${p}`],
        writeKey: `${run}:p${p}`,
        limit: 3,
      });
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          stores[i % stores.length]!.reserve([profile(i % 40), global]),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(50);
      const perProfile = await stores[0]!.counts(Array.from({ length: 40 }, (_, p) => profile(p)));
      expect(Math.max(...perProfile)).toBeLessThanOrEqual(3);
      expect(perProfile.reduce((a, b) => a + b, 0)).toBe(50);
      expect(await stores[1]!.counts([global])).toEqual([50]);
    });

    it("count an event once whichever instances receive it", async () => {
      const key = `${run}:displays`;
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          stores[i % stores.length]!.record(`${run}:event-${i % 10}`, [{ writeKey: key }]),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(10);
      expect(await stores[2]!.counts([{ readKeys: [key], writeKey: key, limit: 1 }])).toEqual([10]);
    });
  });
}
