// The decision server is imported by relative path on purpose: a workspace dependency on
// @offerkit/decision-server would make a cycle once the server depends on this package to serve the UI.
export {
  createStores,
  startDecisionServer,
  JsonLogger,
} from "../../../decision-server/src/index.js";
