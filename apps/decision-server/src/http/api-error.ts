import { z } from "zod";
import { httpStatusOf, OfferkitError, OfferkitErrorCode, type Issue } from "@offerkit/core";

/** The wire shape of every error the server sends (DESIGN.md, "HTTP API"); also its OpenAPI schema. */
export const ErrorBody = z.object({
  error: z.object({
    code: OfferkitErrorCode,
    message: z.string(),
    issues: z
      .array(
        z.object({
          path: z.array(z.union([z.string(), z.number()])),
          message: z.string(),
          span: z
            .object({ start: z.int(), end: z.int() })
            .optional()
            .describe("For CEL problems: 0-based character span in the expression"),
        }),
      )
      .optional()
      .describe(
        "Each problem with the path to it: into the body, or prefixed by query / params / headers",
      ),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export interface ErrorReply {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/** Turns anything thrown by a handler into a status and an error body; 5xx only for our own faults. */
export function errorReply(thrown: unknown): ErrorReply {
  const error = OfferkitError.fromUnknown(thrown);
  const status = httpStatusOf(error.code);
  const body: ErrorBody = {
    error: { code: error.code, message: status >= 500 ? publicMessage(error) : error.message },
  };
  if (error.issues.length > 0) body.error.issues = error.issues.map(toWireIssue);
  const headers: Record<string, string> = {};
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  if (error.code === "UNAUTHORIZED") headers["www-authenticate"] = 'Bearer realm="offerkit"';
  return { status, body, headers };
}

/** Internal errors keep their details in the log, not in the response. */
function publicMessage(error: OfferkitError): string {
  return error.code === "INTERNAL" ? "internal error (see the server log)" : error.message;
}

type WireIssue = NonNullable<ErrorBody["error"]["issues"]>[number];

function toWireIssue(issue: Issue): WireIssue {
  return issue.span
    ? { path: issue.path, message: issue.message, span: issue.span }
    : { path: issue.path, message: issue.message };
}

/** Rate-limit errors carry the seconds until a token is available as their cause. */
function retryAfterOf(error: OfferkitError): number | undefined {
  if (error.code !== "RATE_LIMITED") return undefined;
  const cause = error.cause as { retryAfterSeconds?: unknown } | undefined;
  return typeof cause?.retryAfterSeconds === "number" ? cause.retryAfterSeconds : 1;
}

/** A bad-request error located at one path (query parameter, header, body). */
export function badRequest(path: (string | number)[], message: string): OfferkitError {
  return new OfferkitError("BAD_REQUEST", `${path.join(".") || "body"}: ${message}`, {
    issues: [{ path, message }],
  });
}
