export * from "./codes.js";
export * from "./offerkit-error.js";
export * from "./http-status.js";
