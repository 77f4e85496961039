export { sampleBeta, sampleGamma, sampleStandardNormal } from "./beta-sampler.js";
export {
  armChecks,
  armCountsFrom,
  armIncrements,
  armKeyPrefix,
  DEFAULT_PRIOR,
  posteriorMean,
  posteriorOf,
  readArmCounts,
  segmentValueOf,
  type ArmCounts,
  type ArmKey,
  type BetaPrior,
} from "./bandit-arm.js";
export {
  DEFAULT_PROPENSITY_DRAWS,
  drawScores,
  inclusionPropensities,
  tieBreakPropensities,
  topIndices,
  type ScoreSource,
} from "./thompson-selection.js";
export { holdoutBucket, isHeldOut } from "./holdout.js";
export { DAY_MS, outcomeIncrements, suppressionCheck } from "./suppression-window.js";
export {
  arbitrationScore,
  type ArbitrationParts,
  type ArbitrationResult,
} from "./arbitration-score.js";
