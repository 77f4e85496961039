import { asClientError } from "@offerkit/client";
import { httpStatusOf, type OfferkitErrorCode } from "@offerkit/core";

export interface WireErrorResponse {
  status: number;
  body: { error: { code: OfferkitErrorCode; message: string; issues?: unknown[] } };
}

/**
 * The HTTP answer for anything a backend threw: the error's own code when it has one (the
 * engine's OfferkitError, the client's OfferkitClientError), else UNAVAILABLE. Server-side
 * failures get a generic message; their details go to the log, not to the browser.
 */
export function wireError(error: unknown): WireErrorResponse {
  const { code, message, issues } = asClientError(error);
  const status = httpStatusOf(code);
  if (status >= 500)
    return { status, body: { error: { code, message: "offers are unavailable right now" } } };
  return {
    status,
    body: { error: issues.length > 0 ? { code, message, issues } : { code, message } },
  };
}
