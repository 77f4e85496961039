import { HTTPError, TimeoutError } from "ky";
import type { Issue } from "@offerkit/core";
import { codeForHttpStatus, isOfferkitErrorCode } from "./error-code.js";
import { OfferkitClientError } from "./offerkit-client-error.js";

interface WireError {
  error?: { code?: unknown; message?: unknown; issues?: unknown };
}

/**
 * Map anything a request can throw onto OfferkitClientError. Wire errors have the shape
 * `{ error: { code, message, issues? } }`; anything else is classified by status or kind.
 */
export async function toClientError(error: unknown): Promise<OfferkitClientError> {
  if (error instanceof OfferkitClientError) return error;
  if (error instanceof HTTPError) {
    const status = error.response.status;
    const body = await readJson(error.response);
    const wire = body?.error;
    const code = isOfferkitErrorCode(wire?.code) ? wire.code : codeForHttpStatus(status);
    const message = typeof wire?.message === "string" ? wire.message : `HTTP ${status}`;
    const issues = Array.isArray(wire?.issues) ? (wire.issues as Issue[]) : [];
    return new OfferkitClientError(code, message, { status, issues, cause: error });
  }
  if (error instanceof TimeoutError) {
    return new OfferkitClientError("TIMEOUT", "the offerkit server did not answer in time", {
      cause: error,
    });
  }
  if (error instanceof DOMException && error.name === "AbortError") {
    return new OfferkitClientError("TIMEOUT", "the request was aborted", { cause: error });
  }
  // fetch rejects with a TypeError when the connection fails (refused, DNS, CORS, offline).
  const message = error instanceof Error ? error.message : String(error);
  return new OfferkitClientError("UNAVAILABLE", `offerkit server unreachable: ${message}`, {
    cause: error,
  });
}

async function readJson(response: Response): Promise<WireError | undefined> {
  try {
    return (await response.json()) as WireError;
  } catch {
    return undefined;
  }
}
