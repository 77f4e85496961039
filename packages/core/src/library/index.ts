export {
  compileLibrary,
  compileLibraryAsync,
  validateLibrary,
  type CompileLibraryOptions,
} from "./compile-library.js";
export type * from "./compiled-library.js";
export type * from "./compiled-learning.js";
export { FullScanIndex, type EligibilityIndex } from "./eligibility-index.js";
export { PredicateIndex } from "./predicate-index.js";
export {
  evaluateExpression,
  ExpressionEvaluationRequest,
  ExpressionEvaluationResult,
} from "./evaluate-expression.js";
export {
  previewCollection,
  CollectionPreviewRequest,
  CollectionPreview,
  COLLECTION_PREVIEW_LIMIT,
} from "./preview-collection.js";
