import type { RandomSource } from "./seeded-random.js";

export type IdGenerator = () => string;

/** Random UUIDs from Web Crypto (browsers, Node, edge runtimes). */
export function randomIds(): IdGenerator {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return () => c.randomUUID!();
  return seededIds(() => Math.random());
}

/** UUID-shaped ids from a seeded random source: reproducible output for tests and simulations. */
export function seededIds(random: RandomSource): IdGenerator {
  const hex = (n: number) => Math.floor(random() * 16 ** n).toString(16).padStart(n, "0");
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${((8 + Math.floor(random() * 4))).toString(16)}${hex(3)}-${hex(12)}`;
}
