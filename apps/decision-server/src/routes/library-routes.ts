import { z } from "zod";
import { Id } from "@offerkit/core";
import { defineRoute, type Route, type RouteReply } from "../http/route.js";
import type { ServerServices } from "../server/server-services.js";
import type {
  DecisionTransition,
  ListQuery,
  OfferTransition,
  WriteResult,
} from "../store/types.js";
import { LIBRARY_RESOURCES, listQuerySchema, type LibraryResource } from "./library-resources.js";

const OFFER_TRANSITIONS: Record<OfferTransition, string> = {
  approve: "draft → approved",
  unapprove: "approved → draft",
  archive: "draft or approved → archived",
};
const DECISION_TRANSITIONS: Record<DecisionTransition, string> = {
  "go-live": "draft → live",
  complete: "live → complete",
  archive: "any → archived",
  draft: "live, complete or archived → draft",
};

/** CRUD, paging and status transitions of the six Offer Library resources. */
export function libraryRoutes(services: ServerServices): Route[] {
  return [
    ...LIBRARY_RESOURCES.flatMap((resource) => crudRoutes(services, resource)),
    ...transitionRoutes(services),
  ];
}

function crudRoutes(services: ServerServices, resource: LibraryResource): Route[] {
  const repository = services.stores.library.repository(resource.kind);
  const base = `/v1/${resource.segment}`;
  const Item = resource.schema;
  const writeReply = (result: WriteResult<unknown>, status: number) =>
    written(services, result, status, base);
  return [
    defineRoute<ListQuery>({
      method: "GET",
      path: base,
      operationId: `list${resource.singular}s`,
      summary: `List ${resource.segment} (filters, ordering, cursor paging)`,
      tag: "library",
      scope: "library:read",
      query: listQuerySchema(resource) as z.ZodType<ListQuery>,
      responses: {
        200: {
          description: "One page",
          schema: z.object({ items: z.array(Item), nextCursor: z.string().optional() }),
        },
      },
      handle: async ({ query }) => ({ body: await repository.list(query) }),
    }),
    defineRoute({
      method: "GET",
      path: `${base}/:id`,
      operationId: `get${resource.singular}`,
      summary: `Get one ${resource.singular}`,
      tag: "library",
      scope: "library:read",
      responses: { 200: { description: "The object (ETag header = its etag)", schema: Item } },
      errorStatuses: [404],
      handle: async ({ params }) => {
        const item = await repository.get(idOf(params));
        return { body: item, headers: { etag: quoteEtag(item.etag) } };
      },
    }),
    defineRoute({
      method: "POST",
      path: base,
      operationId: `create${resource.singular}`,
      summary: `Create a ${resource.singular}`,
      tag: "library",
      scope: "library:write",
      body: { schema: Item, validate: "handler" },
      responses: { 201: { description: "Created; publishes a new library version", schema: Item } },
      errorStatuses: [409, 422],
      handle: async ({ body }) => writeReply(await repository.create(body), 201),
    }),
    defineRoute({
      method: "PUT",
      path: `${base}/:id`,
      operationId: `replace${resource.singular}`,
      summary: `Replace a ${resource.singular} (If-Match: its etag; status changes go through transitions)`,
      tag: "library",
      scope: "library:write",
      body: { schema: Item, validate: "handler" },
      responses: { 200: { description: "Updated; publishes a new library version", schema: Item } },
      errorStatuses: [404, 412, 422],
      handle: async ({ params, body, headers }) =>
        writeReply(
          await repository.update(idOf(params), body, { ifMatch: headers["if-match"] }),
          200,
        ),
    }),
    defineRoute({
      method: "PATCH",
      path: `${base}/:id`,
      operationId: `patch${resource.singular}`,
      summary: `Change some top-level fields of a ${resource.singular} (shallow merge; If-Match)`,
      tag: "library",
      scope: "library:write",
      body: { schema: z.record(z.string(), z.unknown()), validate: "handler" },
      responses: { 200: { description: "Updated; publishes a new library version", schema: Item } },
      errorStatuses: [404, 412, 422],
      handle: async ({ params, body, headers }) =>
        writeReply(
          await repository.patch(idOf(params), body, { ifMatch: headers["if-match"] }),
          200,
        ),
    }),
    defineRoute({
      method: "DELETE",
      path: `${base}/:id`,
      operationId: `delete${resource.singular}`,
      summary: `Delete a ${resource.singular} (409 while another object refers to it)`,
      tag: "library",
      scope: "library:write",
      responses: { 204: { description: "Deleted; publishes a new library version" } },
      errorStatuses: [404, 409, 412],
      handle: async ({ params, headers }) => {
        const { version } = await repository.delete(idOf(params), { ifMatch: headers["if-match"] });
        await services.sync.waitFor(version);
        return { status: 204, headers: { "x-library-version": String(version) } };
      },
    }),
  ];
}

function transitionRoutes(services: ServerServices): Route[] {
  const { offers, decisions } = services.stores.library;
  const routes: Route[] = [];
  for (const [action, description] of Object.entries(OFFER_TRANSITIONS) as [
    OfferTransition,
    string,
  ][]) {
    routes.push(
      defineRoute({
        method: "POST",
        path: `/v1/offers/:id/${action}`,
        operationId: `${camel(action)}Offer`,
        summary: `Offer status transition: ${description}`,
        tag: "library",
        scope: "library:write",
        responses: {
          200: {
            description: "The offer with its new status",
            schema: LIBRARY_RESOURCES[0]!.schema,
          },
        },
        errorStatuses: [404, 409, 412],
        handle: async ({ params, headers }) =>
          written(
            services,
            await offers.transition(idOf(params), action, { ifMatch: headers["if-match"] }),
            200,
            "/v1/offers",
          ),
      }),
    );
  }
  routes.push(
    defineRoute({
      method: "POST",
      path: "/v1/offers/:id/duplicate",
      operationId: "duplicateOffer",
      summary: "Copy an offer as a new draft",
      tag: "library",
      scope: "library:write",
      body: {
        schema: z
          .object({ newId: Id.optional(), name: z.string().min(1).max(200).optional() })
          .strict(),
        validate: "here",
        required: false,
      },
      responses: { 201: { description: "The copy", schema: LIBRARY_RESOURCES[0]!.schema } },
      errorStatuses: [404, 409],
      handle: async ({ params, body }) => {
        const options = (body ?? {}) as { newId?: string; name?: string };
        return written(services, await offers.duplicate(idOf(params), options), 201, "/v1/offers");
      },
    }),
  );
  for (const [action, description] of Object.entries(DECISION_TRANSITIONS) as [
    DecisionTransition,
    string,
  ][]) {
    routes.push(
      defineRoute({
        method: "POST",
        path: `/v1/decision-configs/:id/${action}`,
        operationId: `${camel(action)}DecisionConfig`,
        summary: `Decision status transition: ${description}`,
        tag: "library",
        scope: "library:write",
        responses: {
          200: {
            description: "The decision with its new status",
            schema: LIBRARY_RESOURCES[5]!.schema,
          },
        },
        errorStatuses: [404, 409, 412],
        handle: async ({ params, headers }) =>
          written(
            services,
            await decisions.transition(idOf(params), action, { ifMatch: headers["if-match"] }),
            200,
            "/v1/decision-configs",
          ),
      }),
    );
  }
  return routes;
}

/**
 * The reply to an accepted write. It is sent once this instance's engine serves the new version (or
 * after 2 s), so a client that writes and then decides on the same instance sees its change.
 */
async function written(
  services: ServerServices,
  result: WriteResult<unknown>,
  status: number,
  base: string,
): Promise<RouteReply> {
  await services.sync.waitFor(result.version, 2000);
  const item = result.item as unknown as { id: string; etag: string };
  const headers: Record<string, string> = {
    etag: quoteEtag(item.etag),
    "x-library-version": String(result.version),
  };
  if (status === 201) headers.location = `${base}/${encodeURIComponent(item.id)}`;
  return { status, body: result.item, headers };
}

/** Any string: the store answers NOT_FOUND for ids that cannot exist. */
function idOf(params: Record<string, string>): string {
  return params.id ?? "";
}

function quoteEtag(etag: string): string {
  return `"${etag}"`;
}

function camel(action: string): string {
  return action.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}
