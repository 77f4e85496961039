// TEMPORARY: @offerkit/core does not re-export src/tracking from its index yet (the lead adds
// `export * from "./tracking/index.js"`). Until then this package reads it from source; once it is
// exported, replace this line with `export * from "@offerkit/core";` — every import goes through here.
export * from "../../core/src/tracking/index.js";
