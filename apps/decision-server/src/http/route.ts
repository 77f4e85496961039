import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import type { z } from "zod";
import type { ApiKeyInfo, ApiKeyScope } from "../store/types.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** "public" routes need no key (health, metrics, the OpenAPI document). */
export type RouteScope = ApiKeyScope | "public";

export interface RouteRequest<Query> {
  params: Record<string, string>;
  /** Validated by the route's query schema (raw strings when it has none). */
  query: Query;
  /** Parsed JSON; already validated when the route's body says `validate: "here"`. */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The body as text, for routes that declare `textBody` (forms, RFC 8058 one-click posts). */
  text?: string;
  /** The unread request body, for routes that declare `streamBody` (uploads written to disk as they arrive). */
  bodyStream?: Readable;
  /** The caller's key (undefined on public routes). */
  apiKey: ApiKeyInfo | undefined;
  requestId: string;
}

export interface RouteReply {
  status?: number;
  /** Serialized as JSON unless `text` is given. */
  body?: unknown;
  /** A preformatted body (e.g. Prometheus text), sent with `contentType`. */
  text?: string;
  /** A body written chunk by chunk as the iterable yields (exports, JSONL files), never held whole in memory. */
  stream?: AsyncIterable<string | Uint8Array>;
  /** A binary body (e.g. an image), sent with `contentType`. */
  bytes?: Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteBody {
  /** The schema of the body: used for validation (when validate is "here") and for the OpenAPI document. */
  schema: z.ZodType;
  /** "handler": the handler's callee validates (core engine, store) so the body is not parsed twice. */
  validate: "here" | "handler";
  /** Overrides the server's default body limit (e.g. library import). */
  limitBytes?: number;
  required?: boolean;
}

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
}

export interface RouteDefinition<Query> {
  method: HttpMethod;
  /** `/v1/offers/:id`: segments starting with ":" are parameters. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  scope: RouteScope;
  body?: RouteBody;
  /** The body is handed to the handler unread as `bodyStream` (it enforces its own size limit); exclusive with `body`. */
  streamBody?: true;
  /** A non-JSON body read as text (any content type), at most `limitBytes`; exclusive with `body`. */
  textBody?: { limitBytes: number };
  query?: z.ZodType<Query>;
  /** Success responses; error responses are added to the OpenAPI document from `errorStatuses`. */
  responses: Record<number, RouteResponse>;
  /** The 4xx statuses this route can answer besides 400/401/403/413/429 (documented in OpenAPI). */
  errorStatuses?: number[];
  handle(request: RouteRequest<Query>): Promise<RouteReply> | RouteReply;
}

/** A route with its query type erased, as the router stores it. */
export type Route = RouteDefinition<unknown>;

/** Keeps the query type while defining a route, then erases it for the route table. */
export function defineRoute<Query = Record<string, string>>(route: RouteDefinition<Query>): Route {
  return route as unknown as Route;
}
