import { z } from "zod";
import { JsonObject, Proposition, ScopeError, ScopeRequest } from "@offerkit/core";

export const AudienceFormat = z.enum(["jsonl", "csv"]);

export const BatchDecisionRequest = z
  .object({
    scopes: z
      .array(ScopeRequest)
      .min(1)
      .max(30)
      .describe("decided for every audience member, as in POST /v1/decisions"),
    audience: z
      .object({
        format: AudienceFormat,
        path: z
          .string()
          .min(1)
          .max(1024)
          .describe(
            'a file in the batch folder, relative to it (e.g. from POST /v1/batch-audiences: "uploads/….jsonl")',
          ),
      })
      .strict(),
    context: JsonObject.optional().describe("context for members whose line has none"),
    options: z
      .object({
        dryRun: z
          .boolean()
          .default(true)
          .describe(
            "default true: no caps reserved, no decision events stored; false decides for real",
          ),
        allowDuplicates: z.boolean().optional(),
        concurrency: z.int().min(1).max(64).default(8).describe("decisions in flight at once"),
      })
      .strict()
      .default({ dryRun: true, concurrency: 8 }),
  })
  .strict();
export type BatchDecisionRequest = z.infer<typeof BatchDecisionRequest>;

export const BatchJobStatus = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);
export type BatchJobStatus = z.infer<typeof BatchJobStatus>;

export const LineError = z.object({
  line: z.int().describe("1-based line number in the audience file"),
  message: z.string(),
});
export type LineError = z.infer<typeof LineError>;

/** At most this many bad lines are kept with their messages; all are counted. */
export const MAX_LINE_ERRORS = 100;

export const BatchJob = z.object({
  id: z.string(),
  status: BatchJobStatus,
  request: BatchDecisionRequest,
  progress: z.object({
    processed: z.int().describe("audience lines read so far (good and bad)"),
    total: z
      .int()
      .nullable()
      .describe(
        "audience lines in the file (blank lines and a CSV header not counted); null until counted",
      ),
    succeeded: z.int().describe("lines decided and written to the output"),
    failed: z.int().describe("bad lines (see lineErrors)"),
  }),
  lineErrors: z.array(LineError).describe(`the first ${MAX_LINE_ERRORS} bad lines`),
  output: z.object({
    path: z.string().describe("in the batch folder"),
    url: z.string().describe("GET this for the propositions as JSON Lines"),
  }),
  libraryVersion: z.int().nullable().describe("the library version the whole run decided against"),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type BatchJob = z.infer<typeof BatchJob>;

/** One line of a job's output file. */
export const BatchOutputLine = z.object({
  line: z.int(),
  profileId: z.string(),
  propositions: z.array(Proposition),
  errors: z.array(ScopeError),
});
export type BatchOutputLine = z.infer<typeof BatchOutputLine>;

export const BatchAudienceUpload = z.object({
  path: z.string().describe("pass as audience.path to POST /v1/batch-decisions"),
  format: AudienceFormat,
  bytes: z.int(),
});
