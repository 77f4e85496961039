import type { Recipient } from "../src/index.js";

const INTERESTS = [
  "running",
  "yoga",
  "camping",
  "hiking",
  "ski",
  "cycling",
  "swimming",
  "climbing",
];
const TIERS = ["none", "none", "silver", "gold", "platinum"];
const COUNTRIES = ["FR", "DE", "CH", "IT", "ES", "NL", "AT", "BE"];
const NAMES = ["Ana", "Ben", "Chloé", "Dario", "Eva", "Farid", "Greta", "Hugo", "Inès", "Jonas"];

/** Deterministic pseudo-random recipient number `i` (mulberry32): made on demand, never stored. */
export function benchRecipient(i: number): Recipient {
  let seed = (i + 1) * 0x9e3779b1;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const id = `bench-${i}`;
  return {
    id,
    email: `${id}@inbox.example`,
    profile: {
      firstName: pick(NAMES),
      age: 16 + Math.floor(random() * 60),
      ltv: Math.floor(random() * 6000),
      tenureDays: Math.floor(random() * 3000),
      daysSinceLastPurchase: Math.floor(random() * 200),
      plan: random() < 0.3 ? "plus" : "free",
      interests: INTERESTS.filter(() => random() < 0.3),
      loyalty: { tier: pick(TIERS), points: Math.floor(random() * 20000) },
      address: { country: pick(COUNTRIES), postcode: String(10000 + Math.floor(random() * 89999)) },
      device: { os: pick(["android", "ios", "web"]), appVersion: "5.2.0" },
      emailOptIn: random() < 0.8,
    },
    context: { month: 11, cartValue: Math.floor(random() * 120) },
  };
}
