import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  DecisionEngine,
  OfferkitError,
  type CounterStore,
  type DecisionResponse,
} from "@offerkit/core";
import { GroupCommitEventSink } from "../engine/group-commit-event-sink.js";
import type { SqlBatchJobStore, JobProgress } from "../store/batch-jobs/sql-batch-job-store.js";
import type { EventStore } from "../store/types.js";
import {
  parseCsvHeader,
  parseCsvMember,
  parseJsonlMember,
  type AudienceMember,
  type CsvColumns,
} from "./audience-line.js";
import { resolveInsideBatchDir } from "./batch-dir.js";
import {
  MAX_LINE_ERRORS,
  type BatchDecisionRequest,
  type BatchJob,
  type LineError,
} from "./batch-job-schema.js";

export interface BatchDecisionRunnerOptions {
  jobs: SqlBatchJobStore;
  /** The engine serving live traffic: its current library snapshot is what a job decides against. */
  liveEngine: DecisionEngine;
  /** The store caps are counted in (shared with live traffic, so a real run's reservations are atomic with it). */
  counters: CounterStore;
  /** Where a real run's decision events are stored. */
  events: EventStore;
  batchDir: string;
  /** Progress is written at most this often; default 500 ms. */
  progressIntervalMs?: number;
  /** Unfinished jobs of an instance silent this long are failed; default 30 s (heartbeat every 5 s). */
  staleAfterMs?: number;
  onError?: (error: unknown) => void;
}

interface ActiveJob {
  id: string;
  /** Set when the job must stop: cancelled (by anyone) or the server shutting down. */
  stop: "cancelled" | "shutdown" | undefined;
}

/**
 * Runs batch decision jobs in this process, one at a time (more wait queued): reads the audience file
 * line by line, decides each member with core's engine — `concurrency` decisions in flight, then a
 * turn of the event loop, so live requests are never stalled behind a job — and writes one output
 * line per member, in file order. Bad lines are counted with their line numbers; they do not stop the
 * job. Every job decides against one library snapshot (the one live at its start). Dry runs (the
 * default) reserve no caps and store no events.
 */
export class BatchDecisionRunner {
  readonly instanceId = `i_${randomBytes(6).toString("hex")}`;
  private readonly queue: string[] = [];
  private active: ActiveJob | undefined;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: BatchDecisionRunnerOptions) {}

  /** Fails jobs left unfinished by a crashed instance, then keeps this instance's jobs alive. */
  async start(): Promise<void> {
    const { jobs } = this.options;
    await jobs.sweepStale(this.options.staleAfterMs ?? 30_000);
    this.timer = setInterval(() => {
      void jobs
        .heartbeat(this.instanceId)
        .then(() => jobs.sweepStale(this.options.staleAfterMs ?? 30_000))
        .catch((error: unknown) => this.options.onError?.(error));
    }, 5000);
    this.timer.unref();
  }

  /**
   * Validates the request against the batch folder and the library (every scope must be decidable),
   * stores the job as queued and starts it when the runner is free.
   */
  async submit(request: BatchDecisionRequest): Promise<BatchJob> {
    if (this.closed) throw new OfferkitError("UNAVAILABLE", "the server is shutting down");
    await resolveInsideBatchDir(this.options.batchDir, request.audience.path, ["audience", "path"]);
    await this.checkScopes(request);
    const id = `bj_${randomBytes(9).toString("base64url")}`;
    const job = await this.options.jobs.create({
      id,
      request,
      instanceId: this.instanceId,
      outputPath: `output/${id}.jsonl`,
    });
    this.queue.push(id);
    this.loop ??= this.drain();
    return job;
  }

  /** Cancels a queued or running job (on any instance: the runner there sees it at its next progress write). */
  async cancel(id: string): Promise<BatchJob> {
    const job = await this.options.jobs.cancel(id);
    if (this.active?.id === id) this.active.stop = "cancelled";
    const queued = this.queue.indexOf(id);
    if (queued !== -1) this.queue.splice(queued, 1);
    return job;
  }

  /** Stops the running job and fails this instance's unfinished jobs as interrupted. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.queue.length = 0;
    if (this.active !== undefined) this.active.stop = "shutdown";
    await this.loop;
    await this.options.jobs.interruptAll(
      this.instanceId,
      "interrupted: the server shut down while the job was unfinished",
    );
  }

  /** Resolves once no job is queued or running here (tests). */
  async idle(): Promise<void> {
    while (this.loop !== undefined) await this.loop;
  }

  private async checkScopes(request: BatchDecisionRequest): Promise<void> {
    const response = await this.options.liveEngine.decide({
      profile: { id: "batch-scope-check" },
      scopes: request.scopes,
      options: { dryRun: true },
    });
    const first = response.errors[0];
    if (first === undefined) return;
    const issues = response.errors.map((e) => ({
      path: [
        "scopes",
        request.scopes.findIndex(
          (s) => s.decisionId === e.decisionId && s.placementId === e.placementId,
        ),
      ] as (string | number)[],
      message: `${e.code}: ${e.message}`,
    }));
    throw new OfferkitError(first.code, first.message, { issues });
  }

  private async drain(): Promise<void> {
    try {
      for (let id = this.queue.shift(); id !== undefined && !this.closed; id = this.queue.shift()) {
        const active: ActiveJob = { id, stop: undefined };
        this.active = active;
        try {
          await this.run(active);
        } catch (error) {
          this.options.onError?.(error);
        } finally {
          this.active = undefined;
        }
      }
    } finally {
      this.loop = undefined;
    }
  }

  private async run(active: ActiveJob): Promise<void> {
    const { jobs } = this.options;
    const job = await jobs.get(active.id);
    const library = this.options.liveEngine.library;
    if (!(await jobs.markRunning(job.id, library.version))) return; // cancelled while queued
    const progress: JobProgress & { lineErrors: LineError[] } = {
      total: null,
      processed: 0,
      succeeded: 0,
      failed: 0,
      lineErrors: [],
    };
    const request = job.request;
    const sink = request.options.dryRun ? undefined : new GroupCommitEventSink(this.options.events);
    const engine = new DecisionEngine({
      library,
      counterStore: this.options.counters,
      ...(sink === undefined ? {} : { eventSink: sink }),
    });
    let output: WriteStream | undefined;
    try {
      const audience = await resolveInsideBatchDir(this.options.batchDir, request.audience.path, [
        "audience",
        "path",
      ]);
      progress.total = await countMembers(audience, request.audience.format);
      await mkdir(join(this.options.batchDir, "output"), { recursive: true });
      output = createWriteStream(join(this.options.batchDir, job.output.path));
      await this.decideAll(active, engine, request, audience, output, progress);
      await closeStream(output);
      // Stopped by a shutdown: close() marks it interrupted; "succeeded" would claim a full run.
      if (active.stop === "shutdown")
        await jobs.finish(
          job.id,
          "failed",
          progress,
          "interrupted: the server shut down while the job was running",
        );
      else await jobs.finish(job.id, "succeeded", progress);
    } catch (error) {
      if (output !== undefined) await closeStream(output).catch(() => undefined);
      await jobs.finish(
        job.id,
        "failed",
        progress,
        error instanceof Error ? error.message : String(error),
      );
    } finally {
      await sink?.flush();
    }
  }

  private async decideAll(
    active: ActiveJob,
    engine: DecisionEngine,
    request: BatchDecisionRequest,
    audiencePath: string,
    output: WriteStream,
    progress: JobProgress & { lineErrors: LineError[] },
  ): Promise<void> {
    const lines = createInterface({
      input: createReadStream(audiencePath, { encoding: "utf8" }),
      crlfDelay: Infinity,
    });
    const intervalMs = this.options.progressIntervalMs ?? 500;
    let lastWrite = performance.now();
    let csv: CsvColumns | undefined;
    let lineNumber = 0;
    let pending: { line: number; text: string }[] = [];
    const fail = (line: number, message: string): void => {
      progress.failed++;
      if (progress.lineErrors.length < MAX_LINE_ERRORS) progress.lineErrors.push({ line, message });
    };
    const flushChunk = async (): Promise<boolean> => {
      const chunk = pending;
      pending = [];
      const results = await Promise.all(
        chunk.map((entry) => this.decideLine(engine, request, csv, entry.text)),
      );
      let text = "";
      results.forEach((result, i) => {
        const line = chunk[i]!.line;
        progress.processed++;
        if ("error" in result) return fail(line, result.error);
        progress.succeeded++;
        text +=
          JSON.stringify({
            line,
            profileId: result.profileId,
            propositions: result.response.propositions,
            errors: result.response.errors,
          }) + "\n";
      });
      if (text !== "" && !output.write(text))
        await new Promise<void>((resolve) => output.once("drain", resolve));
      // A turn of the event loop between chunks: live requests run here.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (performance.now() - lastWrite >= intervalMs) {
        lastWrite = performance.now();
        if (!(await this.options.jobs.progress(active.id, progress))) active.stop ??= "cancelled";
      }
      return active.stop === undefined;
    };
    try {
      for await (const text of lines) {
        lineNumber++;
        if (text.trim() === "") continue;
        if (request.audience.format === "csv" && csv === undefined) {
          try {
            csv = parseCsvHeader(text);
          } catch (error) {
            throw new Error(`line ${lineNumber}: ${(error as Error).message}`);
          }
          continue;
        }
        pending.push({ line: lineNumber, text });
        if (pending.length >= request.options.concurrency && !(await flushChunk())) return;
      }
      if (pending.length > 0) await flushChunk();
    } finally {
      lines.close();
    }
  }

  private async decideLine(
    engine: DecisionEngine,
    request: BatchDecisionRequest,
    csv: CsvColumns | undefined,
    text: string,
  ): Promise<{ profileId: string; response: DecisionResponse } | { error: string }> {
    let member: AudienceMember;
    try {
      member = csv === undefined ? parseJsonlMember(text) : parseCsvMember(csv, text);
    } catch (error) {
      return { error: (error as Error).message };
    }
    const context = member.context ?? request.context;
    try {
      const response = await engine.decide({
        profile: member.profile,
        ...(context === undefined ? {} : { context }),
        scopes: request.scopes,
        options: {
          dryRun: request.options.dryRun,
          ...(request.options.allowDuplicates === undefined
            ? {}
            : { allowDuplicates: request.options.allowDuplicates }),
        },
      });
      return { profileId: (member.profile as { id: string }).id, response };
    } catch (error) {
      const e = OfferkitError.fromUnknown(error);
      if (e.code !== "VALIDATION_FAILED") throw error; // the store or the engine failed: the job fails
      return { error: e.message };
    }
  }
}

/** Audience members in the file: non-blank lines, less the CSV header. */
async function countMembers(path: string, format: "jsonl" | "csv"): Promise<number> {
  let count = 0;
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Infinity,
  });
  for await (const line of lines) if (line.trim() !== "") count++;
  return format === "csv" ? Math.max(0, count - 1) : count;
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once("error", reject);
    stream.end(() => resolve());
  });
}
