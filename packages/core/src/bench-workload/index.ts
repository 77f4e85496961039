export * from "./workload.js";
