import { OfferkitError, OfferkitErrorCode } from "@offerkit/core";

/** Talks to a running decision server (`--server URL --key KEY`). */
export class ServerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly key: string | undefined,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.key !== undefined) headers.authorization = `Bearer ${this.key}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new OfferkitError(
        "UNAVAILABLE",
        `cannot reach ${this.baseUrl}: ${(error as Error).message}`,
      );
    }
    const text = await response.text();
    const parsed: unknown = text === "" ? undefined : safeJson(text);
    if (!response.ok) throw errorFromResponse(response.status, parsed, text);
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Rebuilds the server's typed error from `{ error: { code, message, issues } }`. */
function errorFromResponse(status: number, body: unknown, text: string): OfferkitError {
  const error = (
    body as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | undefined
  )?.error;
  const code = OfferkitErrorCode.safeParse(error?.code);
  const issues = Array.isArray(error?.issues)
    ? (error.issues as { path: (string | number)[]; message: string }[])
    : [];
  return new OfferkitError(
    code.success ? code.data : status >= 500 ? "INTERNAL" : "BAD_REQUEST",
    typeof error?.message === "string" ? error.message : `HTTP ${status}: ${text.slice(0, 200)}`,
    { issues },
  );
}
