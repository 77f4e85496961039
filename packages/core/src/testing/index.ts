export * from "./counter-store-contract.js";
