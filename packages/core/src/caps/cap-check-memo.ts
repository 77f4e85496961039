import type { CapRule } from "../model/cap-rule.js";
import type { CounterCheck } from "./counter-store.js";
import { escapeKeyPart } from "./counter-key.js";
import { parseIsoDuration } from "./iso-duration.js";
import { countingWindowAt, rollingBucketMs, type CountingWindow } from "./window.js";

/**
 * capCheckFor (cap-check.ts) for one offer's cap, remembered from request to request. The engine asks
 * for the same caps' counters on every decision, and counter stores look counters up by key string:
 * building, escaping and hashing fresh key strings per request was the largest cost of deciding with
 * caps. Here a global cap's whole check is reused while its window lasts, a per-profile cap reuses
 * everything but the profile part, and a check's write key is the same string as its read key, so a
 * store hashes it once. Keys are exactly capCheckFor's (cap-check-memo.test.ts holds them equal).
 */
export class CapCheckMemo {
  /** `cap|<offer>|<cap>|` — the part of every key that never changes. */
  readonly #base: string;
  /** Rolling windows move on every bucket, not at their (sliding) start. */
  readonly #rollingBucketMs: number | undefined;
  #window: CountingWindow | undefined;
  #validFrom = Infinity;
  #validUntil = -Infinity;
  /** Global checks by placement id (null: the cap does not count there), for the current window. */
  readonly #globalChecks = new Map<string, CounterCheck | null>();
  /** `|<where>|` by placement id (null: the cap does not count there). */
  readonly #whereParts = new Map<string, string | null>();

  constructor(
    offerId: string,
    readonly cap: CapRule,
    private readonly anchorMs: number | undefined,
  ) {
    this.#base = `cap|${escapeKeyPart(offerId)}|${escapeKeyPart(cap.id)}|`;
    this.#rollingBucketMs =
      cap.window?.type === "rolling"
        ? rollingBucketMs(parseIsoDuration(cap.window.duration))
        : undefined;
  }

  /**
   * The cap's check for a profile (its id already through escapeKeyPart — once per request, not per
   * cap) in a placement at `nowMs`; undefined when the cap does not count in that placement.
   */
  checkFor(escapedProfileId: string, placementId: string, nowMs: number): CounterCheck | undefined {
    const where = this.#whereOf(placementId);
    if (where === null) return undefined;
    const window = this.#windowAt(nowMs);
    if (this.cap.scope !== "profile") {
      let check = this.#globalChecks.get(placementId);
      if (check === undefined) {
        check = this.#check(`${this.#base}g${where}`, window);
        this.#globalChecks.set(placementId, check);
      }
      return check ?? undefined;
    }
    return this.#check(`${this.#base}u=${escapedProfileId}${where}`, window);
  }

  #check(prefix: string, window: CountingWindow): CounterCheck {
    const suffixes = window.readKeySuffixes;
    if (suffixes.length === 1) {
      const key = prefix + window.keySuffix;
      return { readKeys: [key], writeKey: key, limit: this.cap.limit, expiresAt: window.expiresAt };
    }
    const readKeys = suffixes.map((suffix) => prefix + suffix);
    // The current bucket is the last one read; writing to that very string saves hashing it again.
    const writeKey = readKeys[readKeys.length - 1] ?? prefix + window.keySuffix;
    return { readKeys, writeKey, limit: this.cap.limit, expiresAt: window.expiresAt };
  }

  #whereOf(placementId: string): string | null {
    let where = this.#whereParts.get(placementId);
    if (where === undefined) {
      const placements = this.cap.placements;
      where =
        placements === "all"
          ? "|*|"
          : placements === "each"
            ? `|p=${escapeKeyPart(placementId)}|`
            : placements.includes(placementId)
              ? "|l|"
              : null;
      this.#whereParts.set(placementId, where);
    }
    return where;
  }

  #windowAt(nowMs: number): CountingWindow {
    if (this.#window !== undefined && nowMs >= this.#validFrom && nowMs < this.#validUntil)
      return this.#window;
    const window = countingWindowAt(this.cap.window, nowMs, this.anchorMs);
    this.#window = window;
    this.#validUntil = window.end ?? Infinity;
    this.#validFrom =
      window.end === undefined
        ? -Infinity
        : this.#rollingBucketMs !== undefined
          ? window.end - this.#rollingBucketMs
          : (window.start ?? -Infinity);
    this.#globalChecks.clear();
    return window;
  }
}
