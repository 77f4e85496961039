import type { CapRuleInput } from "../model/cap-rule.js";
import type { JsonValue } from "../model/common.js";
import type { LibraryBundleInput } from "../model/library.js";
import type { OfferInput } from "../model/offer.js";
import { seededRandom, type RandomSource } from "../util/seeded-random.js";

/**
 * The benchmark workload of DESIGN.md, generated from a seed so every figure is reproducible:
 * N offers whose eligibility rules have 3–6 conditions (string equality, numeric comparison, array
 * membership, two-level paths, one `||` group), about 4 % eligible per profile; profiles and contexts
 * with the listed attributes. Rules are kept as a small condition tree so the same rule can be
 * rendered to CEL, to JSON Logic and to a hand-written closure for the peer comparison.
 */

export type Condition =
  | { kind: "eq"; path: string; value: string }
  | { kind: "cmp"; path: string; op: ">" | ">=" | "<" | "<="; value: number }
  | { kind: "member"; path: string; value: string }
  | { kind: "or"; left: Condition; right: Condition };

export interface WorkloadOffer {
  id: string;
  priority: number;
  conditions: Condition[];
}

export interface Workload {
  offers: WorkloadOffer[];
  profiles: { id: string; attributes: Record<string, JsonValue> }[];
  contexts: Record<string, JsonValue>[];
  /** The ranking formula every candidate is scored with. */
  formula: string;
  /** The CEL library bundle: one live decision "bench" on placement "web", top 3. */
  library: LibraryBundleInput;
}

export const INTERESTS = [
  "running",
  "yoga",
  "cycling",
  "swimming",
  "ski",
  "camping",
  "hiking",
  "climbing",
  "tennis",
  "golf",
  "fishing",
  "surf",
  "fitness",
  "dance",
  "football",
  "basketball",
];
export const SEGMENTS = Array.from({ length: 40 }, (_, i) => `seg${i}`);
const PLANS = ["free", "plus", "pro"];
const TIERS = ["none", "silver", "gold", "platinum"];
const COUNTRIES = ["FR", "DE", "ES", "IT", "NL", "GB", "US", "CH"];
const OSES = ["ios", "android", "web"];
const CHANNELS = ["web", "app", "email"];
const LOCALES = ["en-GB", "fr-FR", "de-DE", "es-ES"];

export const BENCH_FORMULA = "offer.priority * 2 + (profile.ltv > 1000.0 ? 10.0 : 0.0)";

export interface WorkloadOptions {
  offers: number;
  profiles?: number;
  seed?: number;
  /** Give every offer a per-profile and a global decision cap (the server benchmark's "caps on"). */
  caps?: boolean;
}

export function generateWorkload(options: WorkloadOptions): Workload {
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const sample = <T>(list: readonly T[], max: number): T[] => {
    const n = int(0, max);
    const copy = [...list];
    const out: T[] = [];
    for (let i = 0; i < n && copy.length > 0; i++)
      out.push(copy.splice(Math.floor(random() * copy.length), 1)[0]!);
    return out;
  };

  const profiles = Array.from({ length: options.profiles ?? 1000 }, (_, i) => ({
    id: `u${i}`,
    attributes: {
      age: int(18, 80),
      ltv: Math.round(random() * 3000 * 100) / 100,
      tenureDays: int(0, 3650),
      daysSinceLastPurchase: int(0, 400),
      plan: pick(PLANS),
      interests: sample(INTERESTS, 6),
      segments: sample(SEGMENTS, 8),
      loyalty: { tier: pick(TIERS), points: int(0, 20000) },
      address: { country: pick(COUNTRIES), postcode: String(int(10000, 99999)) },
      device: { os: pick(OSES), appVersion: `${int(3, 6)}.${int(0, 9)}.${int(0, 9)}` },
    },
  }));
  const contexts = profiles.map(() => ({
    channel: pick(CHANNELS),
    locale: pick(LOCALES),
    hour: int(0, 23),
    cartValue: Math.round(random() * 200 * 100) / 100,
  }));

  const offers = Array.from({ length: options.offers }, (_, i) => ({
    id: `offer-${i}`,
    priority: int(0, 100),
    conditions: generateConditions(random, pick, int),
  }));

  return {
    offers,
    profiles,
    contexts,
    formula: BENCH_FORMULA,
    library: toLibrary(offers, options.caps ?? false),
  };
}

function generateConditions(
  random: RandomSource,
  pick: <T>(l: readonly T[]) => T,
  int: (a: number, b: number) => number,
): Condition[] {
  // Selective conditions first (they make ~4 % eligible), then loose ones to reach 3–6 conditions.
  const selectiveA: (() => Condition)[] = [
    () => ({ kind: "eq", path: "profile.loyalty.tier", value: pick(TIERS) }),
    () => ({ kind: "member", path: "profile.interests", value: pick(INTERESTS) }),
    () => ({ kind: "eq", path: "profile.plan", value: pick(PLANS) }),
  ];
  const selectiveB: (() => Condition)[] = [
    () => ({ kind: "eq", path: "profile.address.country", value: pick(COUNTRIES) }),
    () => ({ kind: "member", path: "profile.segments", value: pick(SEGMENTS.slice(0, 12)) }),
    () => ({ kind: "eq", path: "context.channel", value: pick(CHANNELS) }),
  ];
  const loose: (() => Condition)[] = [
    () =>
      random() < 0.5
        ? { kind: "cmp", path: "profile.age", op: ">=", value: int(18, 30) }
        : { kind: "cmp", path: "profile.age", op: "<=", value: int(70, 80) },
    () => ({ kind: "cmp", path: "profile.ltv", op: ">", value: int(0, 250) }),
    () => ({ kind: "cmp", path: "profile.tenureDays", op: "<", value: int(3300, 3650) }),
    () => ({ kind: "cmp", path: "profile.loyalty.points", op: ">=", value: int(0, 1500) }),
    () => ({ kind: "cmp", path: "context.hour", op: ">=", value: int(0, 2) }),
    () => ({ kind: "cmp", path: "profile.daysSinceLastPurchase", op: "<", value: int(350, 400) }),
  ];
  // Two selective conditions make ~4 % eligible; one `||` group and loose conditions reach 3–6.
  const n = int(3, 6);
  const conditions: Condition[] = [pick(selectiveA)(), pick(selectiveB)()];
  conditions.push({
    kind: "or",
    left: pick(loose)(),
    right: { kind: "eq", path: "profile.device.os", value: pick(OSES) },
  });
  while (conditions.length < n) conditions.push(pick(loose)());
  return conditions;
}

function toLibrary(offers: WorkloadOffer[], caps: boolean): LibraryBundleInput {
  const capRules: CapRuleInput[] = caps
    ? [
        { id: "per-profile", event: "decision", scope: "profile", limit: 1_000_000 },
        { id: "global", event: "decision", scope: "global", limit: 1_000_000_000 },
      ]
    : [];
  return {
    version: 1,
    placements: [
      {
        id: "web",
        name: "Web",
        channel: "web",
        contentType: "text",
        itemCount: 3,
        allowDuplicates: true,
      },
    ],
    offers: [
      ...offers.map(
        (o): OfferInput => ({
          id: o.id,
          name: o.id,
          kind: "personalized",
          status: "approved",
          priority: o.priority,
          tags: ["bench"],
          eligibility: { expression: toCel(o.conditions) },
          representations: [{ placementId: "web", type: "text", content: o.id }],
          caps: capRules,
        }),
      ),
      {
        id: "fallback",
        name: "fallback",
        kind: "fallback",
        status: "approved",
        representations: [{ placementId: "web", type: "text", content: "fallback" }],
      },
    ],
    collections: [{ id: "all", name: "All", kind: "dynamic", tagsAny: ["bench"] }],
    decisions: [
      {
        id: "bench",
        name: "Benchmark",
        status: "live",
        fallbackOfferId: "fallback",
        scopes: [
          {
            placementId: "web",
            groups: [
              {
                criteria: [
                  {
                    collectionId: "all",
                    ranking: { method: "formula", expression: BENCH_FORMULA },
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

// --- renderings of one condition tree ---------------------------------------------------------

export function toCel(conditions: Condition[]): string {
  const one = (c: Condition): string => {
    switch (c.kind) {
      case "eq":
        return `${c.path} == ${JSON.stringify(c.value)}`;
      case "cmp":
        return `${c.path} ${c.op} ${c.value}`;
      case "member":
        return `${JSON.stringify(c.value)} in ${c.path}`;
      case "or":
        return `(${one(c.left)} || ${one(c.right)})`;
    }
  };
  return conditions.map(one).join(" && ");
}

export type JsonLogic = Record<string, unknown>;

export function toJsonLogic(conditions: Condition[]): JsonLogic {
  const one = (c: Condition): JsonLogic => {
    switch (c.kind) {
      case "eq":
        return { "==": [{ var: c.path }, c.value] };
      case "cmp":
        return { [c.op]: [{ var: c.path }, c.value] };
      case "member":
        return { in: [c.value, { var: c.path }] };
      case "or":
        return { or: [one(c.left), one(c.right)] };
    }
  };
  return { and: conditions.map(one) };
}
