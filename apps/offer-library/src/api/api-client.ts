import { ApiError, type ApiIssue } from "./api-error.js";

export interface ApiResult<T> {
  body: T;
  /** The ETag header without quotes, when the server sent one. */
  etag?: string;
}

export interface RequestOptions {
  body?: unknown;
  ifMatch?: string;
}

export interface Api {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<ApiResult<T>>;
  get<T>(path: string): Promise<T>;
}

/** A thin fetch wrapper over the server's public API (same origin; the server serves this UI). */
export function createApi(key: string, baseUrl = ""): Api {
  const request = async <T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResult<T>> => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${key}`,
      accept: "application/json",
    };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.ifMatch !== undefined) headers["if-match"] = `"${options.ifMatch}"`;
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) init.body = JSON.stringify(options.body);
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, init);
    } catch (error) {
      throw new ApiError(
        0,
        "NETWORK",
        `cannot reach the server: ${error instanceof Error ? error.message : String(error)}`,
        [],
      );
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!response.ok) throw toApiError(response.status, parsed);
    const etag = response.headers.get("etag");
    const result: ApiResult<T> = { body: parsed as T };
    if (etag) result.etag = etag.replace(/^W\//, "").replace(/^"|"$/g, "");
    return result;
  };
  return { request, get: async <T>(path: string) => (await request<T>("GET", path)).body };
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (
    body as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | undefined
  )?.error;
  if (error && typeof error === "object") {
    const issues = Array.isArray(error.issues) ? (error.issues as ApiIssue[]) : [];
    const code = typeof error.code === "string" ? error.code : "ERROR";
    const message = typeof error.message === "string" ? error.message : `HTTP ${status}`;
    return new ApiError(status, code, message, issues);
  }
  return new ApiError(
    status,
    "HTTP_ERROR",
    `HTTP ${status}${typeof body === "string" ? `: ${body.slice(0, 200)}` : ""}`,
    [],
  );
}
