import { describe, expect, it } from "vitest";
import { CapRule, type CapRuleInput } from "../model/cap-rule.js";
import {
  capCheckFor,
  capCountsEvent,
  counterIncrementOf,
  type CapCheckInput,
} from "./cap-check.js";
import type { CounterCheck } from "./counter-store.js";
import { MemoryCounterStore } from "./memory-counter-store.js";

const NOW = new Date("2026-03-10T12:00:00Z");

function cap(input: Partial<CapRuleInput> = {}): CapRule {
  return CapRule.parse({ id: "cap-1", event: "decision", scope: "profile", limit: 3, ...input });
}

function checkFor(overrides: Partial<CapCheckInput> & { cap: CapRule }): CounterCheck | undefined {
  return capCheckFor({
    offerId: "offer-1",
    profileId: "p-1",
    placementId: "web-banner",
    now: NOW,
    ...overrides,
  });
}

function mustCheck(overrides: Partial<CapCheckInput> & { cap: CapRule }): CounterCheck {
  const check = checkFor(overrides);
  if (check === undefined) throw new Error("expected the cap to apply");
  return check;
}

describe("capCheckFor: placements", () => {
  it('"all" shares one counter across placements', () => {
    const rule = cap({ placements: "all" });
    expect(mustCheck({ cap: rule, placementId: "web-banner" }).writeKey).toBe(
      mustCheck({ cap: rule, placementId: "email-hero" }).writeKey,
    );
  });

  it('"each" keeps a counter per placement', () => {
    const rule = cap({ placements: "each" });
    expect(mustCheck({ cap: rule, placementId: "web-banner" }).writeKey).not.toBe(
      mustCheck({ cap: rule, placementId: "email-hero" }).writeKey,
    );
    expect(mustCheck({ cap: rule, placementId: "web-banner" }).writeKey).toBe(
      mustCheck({ cap: rule, placementId: "web-banner" }).writeKey,
    );
  });

  it("a list counts only its placements, in one shared counter", () => {
    const rule = cap({ placements: ["web-banner", "app-card"] });
    expect(mustCheck({ cap: rule, placementId: "web-banner" }).writeKey).toBe(
      mustCheck({ cap: rule, placementId: "app-card" }).writeKey,
    );
    expect(checkFor({ cap: rule, placementId: "email-hero" })).toBeUndefined();
  });

  it("the three settings never share a counter", () => {
    const keys = [
      cap({ placements: "all" }),
      cap({ placements: "each" }),
      cap({ placements: ["web-banner"] }),
    ].map((rule) => mustCheck({ cap: rule }).writeKey);
    expect(new Set(keys).size).toBe(3);
  });
});

describe("capCheckFor: scope and identity", () => {
  it("per-profile caps count each profile apart; global caps count everybody together", () => {
    const perProfile = cap({ scope: "profile" });
    expect(mustCheck({ cap: perProfile, profileId: "alice" }).writeKey).not.toBe(
      mustCheck({ cap: perProfile, profileId: "bob" }).writeKey,
    );
    const global = cap({ scope: "global" });
    expect(mustCheck({ cap: global, profileId: "alice" }).writeKey).toBe(
      mustCheck({ cap: global, profileId: "bob" }).writeKey,
    );
    expect(mustCheck({ cap: global, profileId: "alice" }).writeKey).not.toContain("alice");
  });

  it("different offers and different caps of one offer have different counters", () => {
    const keys = [
      mustCheck({ cap: cap({ id: "a" }), offerId: "o1" }),
      mustCheck({ cap: cap({ id: "b" }), offerId: "o1" }),
      mustCheck({ cap: cap({ id: "a" }), offerId: "o2" }),
    ].map((check) => check.writeKey);
    expect(new Set(keys).size).toBe(3);
  });

  it("profile ids containing the separator or escape characters cannot collide", () => {
    const tricky = ["a", "a|b", "a%7Cb", "a%b", "a%25", "a|", "|a", "a|g", "a|*|life", "%", ""];
    const keys = tricky.map(
      (profileId) => mustCheck({ cap: cap({ placements: "each" }), profileId }).writeKey,
    );
    expect(new Set(keys).size).toBe(tricky.length);
    for (const key of keys) expect(key.split("|")).toHaveLength(6);
  });

  it("carries the limit, and the window's expiry for windowed caps", () => {
    const lifetime = mustCheck({ cap: cap({ limit: 7 }) });
    expect(lifetime.limit).toBe(7);
    expect(lifetime.expiresAt).toBeUndefined();
    expect(lifetime.readKeys).toEqual([lifetime.writeKey]);

    const daily = mustCheck({ cap: cap({ window: { type: "calendar", unit: "day" } }) });
    expect(daily.expiresAt).toBe(Date.parse("2026-03-11T00:00:00Z"));
  });

  it("a rolling cap reads every bucket of its window and writes the newest", () => {
    const check = mustCheck({ cap: cap({ window: { type: "rolling", duration: "PT1H" } }) });
    expect(check.readKeys).toHaveLength(61);
    expect(check.readKeys[60]).toBe(check.writeKey);
    const keyPrefix = check.writeKey.slice(0, check.writeKey.lastIndexOf("|") + 1);
    for (const key of check.readKeys) expect(key.startsWith(keyPrefix)).toBe(true);
  });
});

describe("capCountsEvent", () => {
  it("matches the cap's event type, and custom events by name", () => {
    const decision = cap({ event: "decision" });
    const display = cap({ event: "display" });
    const redemption = cap({ event: { custom: "redeem" } });
    expect(capCountsEvent(decision, "decision")).toBe(true);
    expect(capCountsEvent(decision, "display")).toBe(false);
    expect(capCountsEvent(display, "display")).toBe(true);
    expect(capCountsEvent(display, "interact")).toBe(false);
    expect(capCountsEvent(display, "custom", "display")).toBe(false);
    expect(capCountsEvent(redemption, "custom", "redeem")).toBe(true);
    expect(capCountsEvent(redemption, "custom", "signup")).toBe(false);
    expect(capCountsEvent(redemption, "custom")).toBe(false);
    expect(capCountsEvent(redemption, "decision")).toBe(false);
  });
});

describe("caps against MemoryCounterStore", () => {
  it("a per-profile decision cap of 2 refuses the third reservation for that profile only", async () => {
    const store = new MemoryCounterStore();
    const rule = cap({ limit: 2 });
    const alice = mustCheck({ cap: rule, profileId: "alice" });
    expect(await store.reserve([alice])).toEqual({ ok: true });
    expect(await store.reserve([alice])).toEqual({ ok: true });
    expect(await store.reserve([alice])).toEqual({ ok: false, index: 0, count: 2 });
    expect(await store.reserve([mustCheck({ cap: rule, profileId: "bob" })])).toEqual({ ok: true });
  });

  it("a weekly Europe/Paris cap resets at Monday 00:00 local time, on the night clocks went forward", async () => {
    const rule = cap({
      limit: 1,
      window: { type: "calendar", unit: "week", timeZone: "Europe/Paris", weekStart: "monday" },
    });
    const store = new MemoryCounterStore({ now: () => Date.parse("2026-03-29T21:00:00Z") });
    const at = (iso: string): CounterCheck => mustCheck({ cap: rule, now: new Date(iso) });
    expect(await store.reserve([at("2026-03-23T08:00:00Z")])).toEqual({ ok: true });
    // Sunday 23:59:59 CEST is still the same week.
    expect(await store.reserve([at("2026-03-29T21:59:59Z")])).toEqual({
      ok: false,
      index: 0,
      count: 1,
    });
    // Monday 00:00 CEST = 22:00 UTC (it would be 23:00 UTC without the change).
    expect(await store.reserve([at("2026-03-29T22:00:00Z")])).toEqual({ ok: true });
  });

  it("a display cap counts each event id once", async () => {
    const store = new MemoryCounterStore();
    const rule = cap({ event: "display", limit: 2 });
    const check = mustCheck({ cap: rule });
    expect(await store.record("evt-1", [counterIncrementOf(check)])).toBe(true);
    expect(await store.record("evt-1", [counterIncrementOf(check)])).toBe(false);
    expect(await store.counts([check])).toEqual([1]);
    expect(await store.record("evt-2", [counterIncrementOf(check)])).toBe(true);
    expect(await store.counts([check])).toEqual([2]);
  });
});
