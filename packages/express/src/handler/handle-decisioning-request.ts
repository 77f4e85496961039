import { OfferkitClientError } from "@offerkit/client";
import type { ScopeRequest } from "@offerkit/core";
import type { DecisionBackend, RequestContext, Visitor } from "./decision-backend.js";
import { wireError } from "./wire-error.js";
import { withTimeout } from "./with-timeout.js";

export interface DecisioningRequest {
  route: "decisions" | "events";
  /** The parsed JSON body. */
  body: unknown;
  backend: DecisionBackend;
  visitor: () => Promise<Visitor>;
  context: () => RequestContext | Promise<RequestContext>;
  /** A browser's slot reveals its fallback anyway; don't hold the connection much longer. */
  timeoutMs: number;
  onError: (error: unknown) => void;
}

export interface DecisioningResponse {
  status: number;
  body: unknown;
}

/** A browser batch is 20 events; anything far larger is not a page's traffic. */
const MAX_EVENTS = 100;

/**
 * The framework-free core of the decisioning router: browser requests in, HTTP answers out.
 * The browser is not trusted with identity: the profile is always the visitor the app
 * identified, events are re-stamped with that visitor's id, and only `allowDuplicates` is
 * accepted from request options (no dryRun, no explain trace, no clock override).
 */
export async function handleDecisioningRequest(
  request: DecisioningRequest,
): Promise<DecisioningResponse> {
  const body = (
    typeof request.body === "object" && request.body !== null ? request.body : {}
  ) as Record<string, unknown>;
  try {
    const visitor = await request.visitor();
    if (request.route === "decisions") {
      const serverContext = await request.context();
      const browserContext = isRecord(body.context) ? body.context : {};
      const allowDuplicates =
        isRecord(body.options) && typeof body.options.allowDuplicates === "boolean"
          ? body.options.allowDuplicates
          : undefined;
      const decision = request.backend.decide({
        profile: visitor,
        context: { ...browserContext, ...serverContext } as RequestContext,
        scopes: body.scopes as ScopeRequest[],
        ...(allowDuplicates === undefined ? {} : { options: { allowDuplicates } }),
      });
      const response = await withTimeout(decision, request.timeoutMs);
      return {
        status: 200,
        body: {
          requestId: response.requestId,
          libraryVersion: response.libraryVersion,
          propositions: response.propositions,
          errors: response.errors,
        },
      };
    }
    if (!Array.isArray(body.events))
      throw new OfferkitClientError("VALIDATION_FAILED", "events: expected an array");
    if (body.events.length > MAX_EVENTS)
      throw new OfferkitClientError(
        "PAYLOAD_TOO_LARGE",
        `at most ${MAX_EVENTS} events per request`,
      );
    const events = body.events.map((e: unknown) =>
      isRecord(e) ? { ...e, profileId: visitor.id } : e,
    );
    return { status: 200, body: await request.backend.track(events) };
  } catch (error) {
    const answer = wireError(error);
    if (answer.status >= 500) request.onError(error);
    return answer;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
