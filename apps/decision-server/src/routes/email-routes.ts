import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { FeedbackEvent } from "@offerkit/core";
import {
  createEmailHandlers,
  EmailTokenCodec,
  type EmailHandlerResult,
  type EmailSigningKey,
} from "@offerkit/email/tracking";
import { badRequest } from "../http/api-error.js";
import { defineRoute, type Route, type RouteReply } from "../http/route.js";
import type { ServerServices } from "../server/server-services.js";
import { SqlSuppressionStore } from "../store/suppressions/sql-suppression-store.js";

export interface EmailRouteOptions {
  /** The keys links were signed with (OFFERKIT_EMAIL_SIGNING_KEYS); the first signs, all verify. */
  signingKeys?: readonly EmailSigningKey[] | undefined;
}

const TOKEN_PARAM = ":token";

const SuppressionQuery = z
  .object({
    /** The list a campaign sends for (List-Id); omitted: only suppressions from every list count. */
    listId: z.string().min(1).max(200).optional(),
  })
  .strict();
type SuppressionQuery = z.infer<typeof SuppressionQuery>;

const SuppressionStatus = z.object({
  recipientId: z.string(),
  listId: z.string().optional(),
  suppressed: z.boolean().describe("true: do not send this recipient marketing for this list"),
});
// RFC 8058: the one-click POST body is "List-Unsubscribe=One-Click" (form-urlencoded or multipart).
const ONE_CLICK =
  /(?:^|&)List-Unsubscribe=One-Click(?:&|$)|name="List-Unsubscribe"\s*\r?\n\r?\nOne-Click/;

/**
 * The links inside sent emails: signed click redirects, the open pixel and the RFC 8058 one-click
 * unsubscribe. Public (a mail client has no API key); the token is the credential. Clicks and opens
 * become interact / display events through the engine's track path (stored first, then counted
 * against caps; ids derive from the message, so a second click or open counts nothing).
 */
export function emailRoutes(services: ServerServices, options: EmailRouteOptions = {}): Route[] {
  // Without configured keys nothing this server did not sign in this run verifies — links still fail closed.
  const tokens = new EmailTokenCodec(
    options.signingKeys?.length
      ? options.signingKeys
      : [{ id: "ephemeral", secret: randomBytes(32) }],
  );
  const handlers = createEmailHandlers({ tokens });
  const suppressions = new SqlSuppressionStore(services.stores.sql);

  const record = async (events: FeedbackEvent[]): Promise<void> => {
    if (events.length === 0) return;
    const stored = await services.stores.events.append(events);
    await services.engine.track(events);
    for (const e of events)
      services.metrics.eventsAccepted.inc({
        type: e.type,
        result: stored.duplicates.includes(e.id) ? "duplicate" : "inserted",
      });
  };

  return [
    defineRoute({
      method: "GET",
      path: `/v1/email/click/${TOKEN_PARAM}`,
      operationId: "emailClick",
      summary:
        "Signed click link from an email: records an interact event (once per message and offer), then redirects to the signed offer URL",
      tag: "email",
      scope: "public",
      responses: {
        302: { description: "Redirect to the URL inside the verified token (never any other)" },
      },
      errorStatuses: [410],
      handle: async ({ params }) => {
        const result = handlers.handleEmailClick(params.token ?? "");
        await record(result.events);
        return reply(result);
      },
    }),
    defineRoute({
      method: "GET",
      path: `/v1/email/open/${TOKEN_PARAM}`,
      operationId: "emailOpen",
      summary:
        "Open pixel: a 1×1 GIF; a valid token records display events (estimated: image proxies prefetch)",
      tag: "email",
      scope: "public",
      responses: { 200: { description: "image/gif, always (a bad token records nothing)" } },
      handle: async ({ params }) => {
        const result = handlers.handleEmailOpen(params.token ?? "");
        await record(result.events);
        return reply(result);
      },
    }),
    defineRoute({
      method: "GET",
      path: `/v1/email/unsubscribe/${TOKEN_PARAM}`,
      operationId: "emailUnsubscribePage",
      summary:
        "Unsubscribe confirmation page with a form that POSTs (link scanners follow GETs, so a GET changes nothing)",
      tag: "email",
      scope: "public",
      responses: { 200: { description: "HTML page" } },
      errorStatuses: [410],
      handle: ({ params }) => reply(handlers.handleUnsubscribe(params.token ?? "", "GET")),
    }),
    defineRoute({
      method: "POST",
      path: `/v1/email/unsubscribe/${TOKEN_PARAM}`,
      operationId: "emailUnsubscribe",
      summary:
        "RFC 8058 one-click unsubscribe (body List-Unsubscribe=One-Click; no cookie, no confirmation); idempotent",
      tag: "email",
      scope: "public",
      textBody: { limitBytes: 4096 },
      responses: {
        200: {
          description:
            "HTML page; the recipient is suppressed for the list (sendCampaign skips them)",
        },
      },
      errorStatuses: [410],
      handle: async ({ params, text }) => {
        if (!ONE_CLICK.test(text ?? "")) {
          return {
            status: 400,
            body: {
              error: {
                code: "BAD_REQUEST",
                message: "body must be List-Unsubscribe=One-Click (RFC 8058)",
                issues: [{ path: ["body"], message: "expected List-Unsubscribe=One-Click" }],
              },
            },
          };
        }
        const result = handlers.handleUnsubscribe(params.token ?? "", "POST");
        if (result.unsubscribe) await suppressions.add(result.unsubscribe);
        return reply(result);
      },
    }),
    defineRoute({
      method: "GET",
      path: "/v1/email/suppressions/:recipientId",
      operationId: "emailSuppressionStatus",
      summary:
        "Whether a recipient unsubscribed from a list (or from everything): senders outside this server (offerkit email send --server) ask before each message",
      tag: "email",
      scope: "decide",
      query: SuppressionQuery as unknown as z.ZodType<SuppressionQuery>,
      responses: { 200: { description: "The recipient's status", schema: SuppressionStatus } },
      handle: async ({ params, query }) => {
        const recipientId = params.recipientId ?? "";
        if (recipientId.length === 0 || recipientId.length > 320)
          throw badRequest(["params", "recipientId"], "must be 1–320 characters");
        return {
          body: {
            recipientId,
            ...(query.listId === undefined ? {} : { listId: query.listId }),
            suppressed: await suppressions.isSuppressed(recipientId, query.listId),
          },
        };
      },
    }),
  ];
}

function reply(result: EmailHandlerResult): RouteReply {
  const contentType = result.headers["Content-Type"];
  const headers = Object.fromEntries(
    Object.entries(result.headers).filter(
      ([name]) => name !== "Content-Type" && name !== "Content-Length",
    ),
  );
  if (typeof result.body !== "string")
    return {
      status: result.status,
      bytes: result.body,
      ...(contentType ? { contentType } : {}),
      headers,
    };
  if (result.body === "") return { status: result.status, headers };
  return {
    status: result.status,
    text: result.body,
    ...(contentType ? { contentType } : {}),
    headers,
  };
}
