export { DecisionEngine, type DecisionEngineOptions, type TrackResult } from "./decision-engine.js";
export { decide, type DecideDependencies, type DecisionEventProfile } from "./decide.js";
export * from "./ports.js";
