import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { OfferkitError } from "@offerkit/core";
import { defineRoute, type Route } from "../http/route.js";
import { resolveInsideBatchDir } from "../jobs/batch-dir.js";
import type { BatchDecisionRunner } from "../jobs/batch-decision-runner.js";
import {
  AudienceFormat,
  BatchAudienceUpload,
  BatchDecisionRequest,
  BatchJob,
} from "../jobs/batch-job-schema.js";
import type { SqlBatchJobStore } from "../store/batch-jobs/sql-batch-job-store.js";

export interface BatchDecisionRoutesOptions {
  runner: BatchDecisionRunner;
  jobs: SqlBatchJobStore;
  batchDir: string;
  /** Largest audience upload; default 256 MiB. */
  uploadLimitBytes?: number;
}

const UploadQuery = z.object({ format: AudienceFormat }).strict();
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

/**
 * Batch decisioning: upload an audience (or place it in the batch folder), start a job over it, watch
 * its progress, download the propositions, cancel. All `admin`: jobs read server files and can reserve
 * caps in bulk, which no browser-facing `decide` key should be able to do.
 */
export function batchDecisionRoutes(options: BatchDecisionRoutesOptions): Route[] {
  const { runner, jobs, batchDir } = options;
  const uploadLimit = options.uploadLimitBytes ?? 256 * 1024 * 1024;
  return [
    defineRoute<z.infer<typeof UploadQuery>>({
      method: "POST",
      path: "/v1/batch-audiences",
      operationId: "uploadBatchAudience",
      summary:
        "Store an audience file (the raw body: JSON Lines or CSV) in the batch folder for POST /v1/batch-decisions",
      tag: "batch",
      scope: "admin",
      streamBody: true,
      query: UploadQuery,
      responses: { 201: { description: "Where the file was stored", schema: BatchAudienceUpload } },
      errorStatuses: [413],
      handle: async ({ query, bodyStream, headers }) => {
        if (bodyStream === undefined)
          throw new OfferkitError("BAD_REQUEST", "an audience file is required as the body");
        const declared = Number(headers["content-length"] ?? Number.NaN);
        if (declared > uploadLimit) throw tooLarge(uploadLimit);
        await mkdir(join(batchDir, "uploads"), { recursive: true });
        const path = `uploads/${new Date().toISOString().slice(0, 10)}-${randomBytes(9).toString("base64url")}.${query.format}`;
        const file = join(batchDir, path);
        let bytes = 0;
        const limit = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            bytes += chunk.length;
            callback(bytes > uploadLimit ? tooLarge(uploadLimit) : null, chunk);
          },
        });
        try {
          await pipeline(bodyStream, limit, createWriteStream(file, { flags: "wx" }));
        } catch (error) {
          await rm(file, { force: true });
          throw error instanceof OfferkitError
            ? error
            : new OfferkitError(
                "BAD_REQUEST",
                `the upload did not complete: ${(error as Error).message}`,
              );
        }
        if (bytes === 0) {
          await rm(file, { force: true });
          throw new OfferkitError("VALIDATION_FAILED", "the audience file is empty", {
            issues: [{ path: [], message: "empty body" }],
          });
        }
        return { status: 201, body: { path, format: query.format, bytes } };
      },
    }),
    defineRoute({
      method: "POST",
      path: "/v1/batch-decisions",
      operationId: "startBatchDecisions",
      summary:
        "Start a batch decision job over an audience file in the batch folder (dry run unless options.dryRun is false)",
      tag: "batch",
      scope: "admin",
      body: { schema: BatchDecisionRequest, validate: "here" },
      responses: {
        202: {
          description: "Queued; poll GET /v1/batch-decisions/{id}",
          schema: z.object({ jobId: z.string(), job: BatchJob }),
        },
      },
      errorStatuses: [404, 422],
      handle: async ({ body }) => {
        const job = await runner.submit(body as BatchDecisionRequest);
        return {
          status: 202,
          headers: { location: `/v1/batch-decisions/${job.id}` },
          body: { jobId: job.id, job },
        };
      },
    }),
    defineRoute<z.infer<typeof ListQuery>>({
      method: "GET",
      path: "/v1/batch-decisions",
      operationId: "listBatchDecisions",
      summary: "Batch decision jobs, newest first",
      tag: "batch",
      scope: "admin",
      query: ListQuery as unknown as z.ZodType<z.infer<typeof ListQuery>>,
      responses: { 200: { description: "Jobs", schema: z.object({ items: z.array(BatchJob) }) } },
      handle: async ({ query }) => ({ body: { items: await jobs.list(query.limit) } }),
    }),
    defineRoute({
      method: "GET",
      path: "/v1/batch-decisions/:id",
      operationId: "getBatchDecisions",
      summary: "A batch decision job: status, progress, bad lines, output location",
      tag: "batch",
      scope: "admin",
      responses: { 200: { description: "The job", schema: BatchJob } },
      errorStatuses: [404],
      handle: async ({ params }) => ({ body: await jobs.get(params.id ?? "") }),
    }),
    defineRoute({
      method: "GET",
      path: "/v1/batch-decisions/:id/output",
      operationId: "getBatchDecisionsOutput",
      summary:
        "The job's propositions as JSON Lines ({line, profileId, propositions, errors} per audience member, in file order); partial while running",
      tag: "batch",
      scope: "admin",
      responses: { 200: { description: "application/x-ndjson" } },
      errorStatuses: [404, 409],
      handle: async ({ params }) => {
        const job = await jobs.get(params.id ?? "");
        if (job.status === "queued")
          throw new OfferkitError("CONFLICT", `job "${job.id}" has not started; no output yet`);
        const file = await resolveInsideBatchDir(batchDir, job.output.path, ["params", "id"]).catch(
          () => {
            throw new OfferkitError(
              "NOT_FOUND",
              `job "${job.id}" has no output file (${job.status})`,
            );
          },
        );
        const { size } = await stat(file);
        return {
          contentType: "application/x-ndjson; charset=utf-8",
          headers: {
            "content-disposition": `attachment; filename="${job.id}.jsonl"`,
            "x-batch-status": job.status,
            "cache-control": "no-store",
            ...(job.status === "running" ? {} : { "content-length": String(size) }),
          },
          stream: createReadStream(file),
        };
      },
    }),
    defineRoute({
      method: "POST",
      path: "/v1/batch-decisions/:id/cancel",
      operationId: "cancelBatchDecisions",
      summary: "Cancel a queued or running job (what was written so far stays in the output)",
      tag: "batch",
      scope: "admin",
      responses: { 200: { description: "The job, cancelled", schema: BatchJob } },
      errorStatuses: [404, 409],
      handle: async ({ params }) => ({ body: await runner.cancel(params.id ?? "") }),
    }),
  ];
}

function tooLarge(limitBytes: number): OfferkitError {
  return new OfferkitError(
    "PAYLOAD_TOO_LARGE",
    `the audience file is larger than ${limitBytes} bytes`,
    { issues: [{ path: [], message: `at most ${limitBytes} bytes` }] },
  );
}
