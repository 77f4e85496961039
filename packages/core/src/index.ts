export * from "./model/index.js";
export * from "./errors/index.js";
export * from "./rules/index.js";
export * from "./caps/counter-store.js";
export * from "./engine/ports.js";
