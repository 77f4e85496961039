export * from "./model/index.js";
export * from "./errors/index.js";
export * from "./rules/index.js";
export * from "./caps/index.js";
export * from "./library/index.js";
export * from "./engine/index.js";
export { Subscribable } from "./util/subscribable.js";
export { seededRandom, type RandomSource } from "./util/seeded-random.js";
export * from "./tracking/index.js";
