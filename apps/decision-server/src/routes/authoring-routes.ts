import {
  CollectionPreview,
  CollectionPreviewRequest,
  evaluateExpression,
  ExpressionEvaluationRequest,
  ExpressionEvaluationResult,
  previewCollection,
} from "@offerkit/core";
import { defineRoute, type Route } from "../http/route.js";
import type { ServerServices } from "../server/server-services.js";

/**
 * Authoring helpers for the Offer Library UI: try an expression on a sample profile, preview which
 * offers a collection definition holds. Both run in @offerkit/core against the library the engine
 * serves, and write nothing.
 */
export function authoringRoutes(services: ServerServices): Route[] {
  return [
    defineRoute({
      method: "POST",
      path: "/v1/expressions/evaluate",
      operationId: "evaluateExpression",
      summary:
        "Evaluate a rule (boolean) or ranking formula (number) against a sample profile, context and offer",
      tag: "library",
      scope: "library:read",
      body: { schema: ExpressionEvaluationRequest, validate: "handler" },
      responses: {
        200: {
          description: "The value; a false rule names its failing clause",
          schema: ExpressionEvaluationResult,
        },
      },
      errorStatuses: [404, 422],
      handle: ({ body }) => ({ body: evaluateExpression(services.engine.library, body) }),
    }),
    defineRoute({
      method: "POST",
      // Not under /v1/collections/: a static path there would shadow a collection whose id is "preview".
      path: "/v1/collection-preview",
      operationId: "previewCollection",
      summary:
        "Which offers of the current library a (possibly unsaved) collection definition holds",
      tag: "library",
      scope: "library:read",
      body: { schema: CollectionPreviewRequest, validate: "handler" },
      responses: {
        200: { description: "Member count and the first members", schema: CollectionPreview },
      },
      handle: ({ body }) => ({ body: previewCollection(services.engine.library, body) }),
    }),
  ];
}
