import { ApiError } from "../api/api-error.js";
import type { Session } from "../api/session.js";

export type BatchJobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** GET /v1/batch-decisions/:id, as the decision server answers it. */
export interface BatchJob {
  id: string;
  status: BatchJobStatus;
  request: {
    scopes: { decisionId: string; placementId: string }[];
    audience: { format: "jsonl" | "csv"; path: string };
    options: { dryRun: boolean; concurrency: number };
  };
  progress: { processed: number; total: number | null; succeeded: number; failed: number };
  lineErrors: { line: number; message: string }[];
  output: { path: string; url: string };
  libraryVersion: number | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Sends the file as the raw body (not JSON), so a large audience is never wrapped or parsed in the browser. */
export async function uploadAudience(
  session: Session,
  file: Blob,
  format: "jsonl" | "csv",
): Promise<string> {
  const response = await rawFetch(session, `/v1/batch-audiences?format=${format}`, {
    method: "POST",
    body: file,
    headers: { "content-type": format === "csv" ? "text/csv" : "application/x-ndjson" },
  });
  return ((await response.json()) as { path: string }).path;
}

/** The job's output as a Blob (the download needs the key, so a plain link cannot fetch it). */
export async function downloadOutput(session: Session, job: BatchJob): Promise<Blob> {
  return (await rawFetch(session, job.output.url)).blob();
}

async function rawFetch(session: Session, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        authorization: `Bearer ${session.key}`,
      },
    });
  } catch (error) {
    throw new ApiError(
      0,
      "NETWORK",
      `cannot reach the server: ${error instanceof Error ? error.message : String(error)}`,
      [],
    );
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string; issues?: ApiError["issues"] } }
    | undefined;
  throw new ApiError(
    response.status,
    body?.error?.code ?? "HTTP_ERROR",
    body?.error?.message ?? `HTTP ${response.status}`,
    body?.error?.issues ?? [],
  );
}
