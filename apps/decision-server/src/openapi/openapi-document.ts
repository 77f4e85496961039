import { z } from "zod";
import {
  Collection,
  Decision,
  DecisionRequest,
  DecisionResponse,
  EventBatch,
  FeedbackEvent,
  JsonValue,
  LibraryBundle,
  Offer,
  OfferEvent,
  Placement,
  RankingFormula,
  Rule,
} from "@offerkit/core";
import { ErrorBody } from "../http/api-error.js";
import type { Route } from "../http/route.js";

/** Schemas shown as named components; everything else is inlined where used. */
const NAMED_SCHEMAS: Record<string, z.ZodType> = {
  JsonValue,
  Offer,
  Placement,
  Collection,
  Rule,
  RankingFormula,
  DecisionConfig: Decision,
  LibraryBundle,
  DecisionRequest,
  DecisionResponse,
  FeedbackEvent,
  OfferEvent,
  EventBatch,
  Error: ErrorBody,
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed or invalid input; issues name each failing path",
  401: "Missing, unknown or revoked API key",
  403: "The key lacks the scope this route needs",
  404: "Not found",
  409: "Conflict: duplicate id, illegal transition, or still referenced",
  412: "If-Match does not match the current etag",
  413: "Body larger than the limit",
  422: "Well-formed but not acceptable (library validation, decision not live …)",
  429: "Rate limit of the key exceeded; see Retry-After",
  503: "Not ready",
};

type JsonObject = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document, generated from the route table and core's zod schemas: the routes that
 * validate requests are the ones described, so nothing is written twice. Request bodies use the
 * schemas' input side (defaults optional), responses their output side.
 */
export function buildOpenApiDocument(
  routes: readonly Route[],
  info: { version: string; serverUrl?: string },
): JsonObject {
  // Every body and response schema goes into one registry, so one conversion per direction yields all
  // components with $refs between them (core's named schemas keep their names).
  const registry = z.registry<{ id: string }>();
  const idOf = (schema: z.ZodType, fallbackId: string): string => {
    const existing = registry.get(schema)?.id;
    if (existing !== undefined) return existing;
    registry.add(schema, { id: fallbackId });
    return fallbackId;
  };
  for (const [id, schema] of Object.entries(NAMED_SCHEMAS)) idOf(schema, id);
  const bodyRefs = new Map<Route, string>();
  const responseRefs = new Map<string, string>();
  for (const route of routes) {
    if (route.body)
      bodyRefs.set(route, idOf(route.body.schema, `${pascal(route.operationId)}Request`));
    for (const [status, response] of Object.entries(route.responses)) {
      if (response.schema)
        responseRefs.set(
          `${route.operationId} ${status}`,
          idOf(response.schema, `${pascal(route.operationId)}Response`),
        );
    }
  }
  const ref = (id: string, io: "input" | "output") => ({
    $ref: `#/components/schemas/${io === "input" ? `${id}Input` : id}`,
  });
  const components: JsonObject = {};
  for (const io of ["output", "input"] as const) {
    const { schemas } = z.toJSONSchema(registry, {
      io,
      unrepresentable: "any",
      uri: (id) => ref(id, io).$ref,
    }) as { schemas: Record<string, JsonObject> };
    // Schemas reused without an id (recursive JSON values) come back under "__shared": hoist them.
    const { __shared: shared, ...named } = schemas;
    const suffix = io === "input" ? "Input" : "";
    for (const [id, schema] of Object.entries(named)) components[`${id}${suffix}`] = strip(schema);
    for (const [id, schema] of Object.entries((shared?.$defs ?? {}) as Record<string, JsonObject>))
      components[`Shared_${id}${suffix}`] = schema;
  }
  const hoisted = JSON.parse(
    JSON.stringify(components).replace(
      /#\/components\/schemas\/__shared(Input)?#\/\$defs\/(\w+)/g,
      (_, input: string | undefined, id: string) =>
        `#/components/schemas/Shared_${id}${input ?? ""}`,
    ),
  ) as JsonObject;

  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    const parameters: JsonObject[] = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    if (route.query !== undefined) {
      const query = strip(
        z.toJSONSchema(route.query, { io: "input", unrepresentable: "any" }) as JsonObject,
      ) as { properties?: Record<string, JsonObject>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({
          name,
          in: "query",
          required: query.required?.includes(name) ?? false,
          schema,
        });
      }
    }
    if (["PUT", "PATCH", "DELETE"].includes(route.method) || route.path.match(/\/:id\/[a-z-]+$/)) {
      if (route.errorStatuses?.includes(412))
        parameters.push({
          name: "If-Match",
          in: "header",
          required: false,
          schema: { type: "string" },
        });
    }
    const responses: JsonObject = {};
    for (const [status, response] of Object.entries(route.responses)) {
      const id = responseRefs.get(`${route.operationId} ${status}`);
      responses[status] =
        id === undefined
          ? { description: response.description }
          : {
              description: response.description,
              content: { "application/json": { schema: ref(id, "output") } },
            };
    }
    const errorStatuses = new Set([
      400,
      ...(route.body ? [413] : []),
      ...(route.scope === "public" ? [] : [401, 403, 429]),
      ...(route.errorStatuses ?? []),
    ]);
    for (const status of [...errorStatuses].sort()) {
      responses[String(status)] = {
        description: ERROR_DESCRIPTIONS[status] ?? "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    const operation: JsonObject = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: route.body.required !== false,
              content: { "application/json": { schema: ref(bodyRefs.get(route) ?? "", "input") } },
            },
          }
        : {}),
      responses,
      ...(route.scope === "public" ? { security: [] } : { "x-required-scope": route.scope }),
    };
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "offerkit decision server",
      version: info.version,
      description:
        "Offer Library management, decisioning and event collection. Errors: { error: { code, message, issues?: [{ path, message }] } }.",
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "decisioning", description: "Decide, simulate, track" },
      { name: "library", description: "The Offer Library" },
      { name: "admin", description: "API keys" },
      { name: "ops", description: "Health, readiness, metrics" },
    ],
    paths,
    components: {
      schemas: hoisted,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An offerkit API key (okk_…)" },
      },
    },
  };
}

function pascal(operationId: string): string {
  return operationId.charAt(0).toUpperCase() + operationId.slice(1);
}

/** OpenAPI embeds schemas: their own $schema / id markers do not belong there. */
function strip(schema: JsonObject): JsonObject {
  const { $schema: _schema, id: _id, ...rest } = schema;
  return rest;
}
