export * from "./push-error.js";
export * from "./payload-too-large-error.js";
export * from "./offer-expired-error.js";
