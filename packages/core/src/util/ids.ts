import type { RandomSource } from "./seeded-random.js";

export type IdGenerator = () => string;

/**
 * Unique ids without a random draw per id: one 96-bit random prefix per generator (so engines on
 * many machines never collide) and a counter. A UUID per proposition and per event cost more than
 * a whole decision's rule evaluation.
 */
export function randomIds(): IdGenerator {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } })
    .crypto;
  const words = new Uint32Array(3);
  if (c?.getRandomValues) c.getRandomValues(words);
  else for (let i = 0; i < words.length; i++) words[i] = Math.floor(Math.random() * 2 ** 32);
  const prefix = Array.from(words, (w) => w.toString(16).padStart(8, "0")).join("");
  let counter = 0;
  return () => `${prefix}-${(counter++).toString(36)}`;
}

/** UUID-shaped ids from a seeded random source: reproducible output for tests and simulations. */
export function seededIds(random: RandomSource): IdGenerator {
  const hex = (n: number) =>
    Math.floor(random() * 16 ** n)
      .toString(16)
      .padStart(n, "0");
  return () =>
    `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
}
