import { z } from "zod";
import { defineRoute, type Route } from "../http/route.js";
import type { ServerServices } from "../server/server-services.js";
import { API_KEY_SCOPES } from "../store/types.js";

const RateLimit = z
  .object({
    requestsPerSecond: z.number().positive().max(1_000_000),
    burst: z.int().min(1).max(1_000_000).optional(),
  })
  .strict();
const CreateKey = z
  .object({
    name: z.string().min(1).max(200),
    scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
    rateLimit: RateLimit.optional(),
  })
  .strict();
const KeyInfo = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  rateLimit: RateLimit.optional(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});

/** API key administration (the CLI does the same directly on the store). */
export function apiKeyRoutes(services: ServerServices): Route[] {
  const keys = services.stores.apiKeys;
  return [
    defineRoute({
      method: "GET",
      path: "/v1/keys",
      operationId: "listKeys",
      summary: "API keys (never their secrets)",
      tag: "admin",
      scope: "admin",
      responses: {
        200: {
          description: "All keys, revoked ones included",
          schema: z.object({ items: z.array(KeyInfo) }),
        },
      },
      handle: async () => ({ body: { items: await keys.list() } }),
    }),
    defineRoute({
      method: "POST",
      path: "/v1/keys",
      operationId: "createKey",
      summary: "Create a key; the plaintext key is in this answer only",
      tag: "admin",
      scope: "admin",
      body: { schema: CreateKey, validate: "here" },
      responses: {
        201: {
          description: "The key, shown once",
          schema: z.object({ key: z.string(), info: KeyInfo }),
        },
      },
      handle: async ({ body }) => ({ status: 201, body: await keys.create(body) }),
    }),
    defineRoute({
      method: "DELETE",
      path: "/v1/keys/:id",
      operationId: "revokeKey",
      summary: "Revoke a key (other instances stop accepting it within the key cache TTL)",
      tag: "admin",
      scope: "admin",
      responses: { 200: { description: "The revoked key", schema: KeyInfo } },
      errorStatuses: [404],
      handle: async ({ params }) => {
        const info = await keys.revoke(params.id ?? "");
        services.keys.clear();
        return { body: info };
      },
    }),
  ];
}
