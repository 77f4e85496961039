export {
  estimateOffPolicy,
  fitRewardModel,
  meanEstimate,
  type Estimate,
  type LoggedItem,
  type OffPolicyEstimates,
  type ReplayedDecision,
} from "./off-policy-estimators.js";
export {
  replayDecisions,
  type ReplayInput,
  type ReplayReport,
  type ShareChange,
} from "./replay-decisions.js";
