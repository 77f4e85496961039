export {
  startDecisionServer,
  SERVER_VERSION,
  type DecisionServerOptions,
  type RunningDecisionServer,
} from "./server/decision-server.js";
export {
  runServer,
  stopOnSignals,
  type RunningOfferkit,
  type RunServerIo,
} from "./server/run-server.js";
export {
  settingsFromEnv,
  parseCounters,
  parseDecisionEventProfile,
  parsePort,
  DEFAULT_DATA_DIR,
  type ServeSettings,
} from "./server/env-config.js";
export { buildOpenApiDocument } from "./openapi/openapi-document.js";
export { JsonLogger, type LogLevel, type LogWriter } from "./ops/json-logger.js";
export { createStores } from "./store/create-stores.js";
export type * from "./store/types.js";
export { API_KEY_SCOPES } from "./store/types.js";
