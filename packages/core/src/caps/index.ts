export * from "./counter-store.js";
export {
  capCheckFor,
  capCountsEvent,
  counterIncrementOf,
  type CapCheckInput,
  type CapEventType,
} from "./cap-check.js";
export { counterKey, counterKeyPrefix, type CounterKeyParts } from "./counter-key.js";
export {
  countingWindowAt,
  rollingBucketMs,
  ROLLING_BUCKETS,
  type CountingWindow,
} from "./window.js";
export { parseIsoDuration } from "./iso-duration.js";
export { isValidTimeZone } from "./time-zone.js";
export type { InstantInput } from "./instant.js";
export { MemoryCounterStore, type MemoryCounterStoreOptions } from "./memory-counter-store.js";
