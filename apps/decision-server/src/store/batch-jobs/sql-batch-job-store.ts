import { OfferkitError } from "@offerkit/core";
import type {
  BatchDecisionRequest,
  BatchJob,
  BatchJobStatus,
  LineError,
} from "../../jobs/batch-job-schema.js";
import type { SqlClient } from "../types.js";

interface JobRow {
  id: string;
  status: BatchJobStatus;
  spec: BatchDecisionRequest;
  total: number | null;
  processed: number;
  succeeded: number;
  failed: number;
  line_errors: LineError[];
  output_path: string;
  library_version: number | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface JobProgress {
  total: number | null;
  processed: number;
  succeeded: number;
  failed: number;
  lineErrors: readonly LineError[];
}

const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;
const COLUMNS = `id, status, spec, total, processed, succeeded, failed, line_errors, output_path, library_version::int AS library_version, error,
  ${iso("created_at")}, ${iso("started_at")}, ${iso("finished_at")}`;

/**
 * Batch decision jobs in one table (same SQL on PGlite and PostgreSQL). Status changes are guarded
 * updates (`WHERE status = …`), so a cancel from any instance and the runner's own progress writes
 * cannot overwrite each other: the runner learns of a cancel when its next progress write finds the
 * job no longer running.
 */
export class SqlBatchJobStore {
  constructor(private readonly sql: SqlClient) {}

  async create(job: {
    id: string;
    request: BatchDecisionRequest;
    instanceId: string;
    outputPath: string;
  }): Promise<BatchJob> {
    const [row] = await this.sql.query<JobRow>(
      `INSERT INTO batch_jobs (id, status, spec, instance_id, output_path, created_at, heartbeat_at)
       VALUES ($1, 'queued', $2::jsonb, $3, $4, now(), now()) RETURNING ${COLUMNS}`,
      [job.id, JSON.stringify(job.request), job.instanceId, job.outputPath],
    );
    return toJob(row!);
  }

  async get(id: string): Promise<BatchJob> {
    const [row] = await this.sql.query<JobRow>(`SELECT ${COLUMNS} FROM batch_jobs WHERE id = $1`, [
      id,
    ]);
    if (row === undefined)
      throw new OfferkitError("NOT_FOUND", `no batch decision job "${id}"`, {
        issues: [{ path: ["params", "id"], message: "no such job" }],
      });
    return toJob(row);
  }

  /** Newest first. */
  async list(limit: number): Promise<BatchJob[]> {
    const rows = await this.sql.query<JobRow>(
      `SELECT ${COLUMNS} FROM batch_jobs ORDER BY created_at DESC, id LIMIT ${Math.trunc(limit)}`,
    );
    return rows.map(toJob);
  }

  /** queued → running; false when the job is no longer queued (cancelled meanwhile). */
  async markRunning(id: string, libraryVersion: number): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE batch_jobs SET status = 'running', started_at = now(), heartbeat_at = now(), library_version = $2
        WHERE id = $1 AND status = 'queued' RETURNING id`,
      [id, libraryVersion],
    );
    return rows.length === 1;
  }

  /** Writes progress while running; false when the job is no longer running (cancelled elsewhere). */
  async progress(id: string, progress: JobProgress): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE batch_jobs SET total = $2, processed = $3, succeeded = $4, failed = $5, line_errors = $6::jsonb, heartbeat_at = now()
        WHERE id = $1 AND status = 'running' RETURNING id`,
      [
        id,
        progress.total,
        progress.processed,
        progress.succeeded,
        progress.failed,
        JSON.stringify(progress.lineErrors),
      ],
    );
    return rows.length === 1;
  }

  /** The final progress and status; a job cancelled meanwhile stays cancelled (its counts are still written). */
  async finish(
    id: string,
    status: "succeeded" | "failed",
    progress: JobProgress,
    error?: string,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE batch_jobs SET status = CASE WHEN status = 'cancelled' THEN 'cancelled' ELSE $2 END,
              error = CASE WHEN status = 'cancelled' THEN error ELSE $8 END,
              total = $3, processed = $4, succeeded = $5, failed = $6, line_errors = $7::jsonb,
              finished_at = COALESCE(finished_at, now()), heartbeat_at = now()
        WHERE id = $1 AND status IN ('queued', 'running', 'cancelled')`,
      [
        id,
        status,
        progress.total,
        progress.processed,
        progress.succeeded,
        progress.failed,
        JSON.stringify(progress.lineErrors),
        error ?? null,
      ],
    );
  }

  /** queued | running → cancelled; the job as it is now (CONFLICT when it had already finished). */
  async cancel(id: string): Promise<BatchJob> {
    const rows = await this.sql.query(
      `UPDATE batch_jobs SET status = 'cancelled', finished_at = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [id],
    );
    const job = await this.get(id);
    if (rows.length === 0 && job.status !== "cancelled") {
      throw new OfferkitError("CONFLICT", `job "${id}" already ${job.status}`, {
        issues: [{ path: ["params", "id"], message: `already ${job.status}` }],
      });
    }
    return job;
  }

  /** Keeps this instance's unfinished jobs alive for sweepStale. */
  async heartbeat(instanceId: string): Promise<void> {
    await this.sql.query(
      `UPDATE batch_jobs SET heartbeat_at = now() WHERE instance_id = $1 AND status IN ('queued', 'running')`,
      [instanceId],
    );
  }

  /** Unfinished jobs whose instance stopped beating (crashed) are failed, not left running forever. */
  async sweepStale(staleAfterMs: number): Promise<number> {
    const rows = await this.sql.query(
      `UPDATE batch_jobs SET status = 'failed', finished_at = now(),
              error = 'interrupted: the server running it stopped (' || status || ' when last seen)'
        WHERE status IN ('queued', 'running') AND heartbeat_at < now() - ($1::int * interval '1 millisecond') RETURNING id`,
      [staleAfterMs],
    );
    return rows.length;
  }

  /** At shutdown: this instance's unfinished jobs fail as interrupted. */
  async interruptAll(instanceId: string, reason: string): Promise<void> {
    await this.sql.query(
      `UPDATE batch_jobs SET status = 'failed', finished_at = now(), error = $2 WHERE instance_id = $1 AND status IN ('queued', 'running')`,
      [instanceId, reason],
    );
  }
}

function toJob(row: JobRow): BatchJob {
  return {
    id: row.id,
    status: row.status,
    request: row.spec,
    progress: {
      processed: row.processed,
      total: row.total,
      succeeded: row.succeeded,
      failed: row.failed,
    },
    lineErrors: row.line_errors,
    output: {
      path: row.output_path,
      url: `/v1/batch-decisions/${encodeURIComponent(row.id)}/output`,
    },
    libraryVersion: row.library_version,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
