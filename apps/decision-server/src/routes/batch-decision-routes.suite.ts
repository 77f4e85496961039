import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody } from "../http/api-error.js";
import type { BatchJob, BatchOutputLine } from "../jobs/batch-job-schema.js";
import type { SqlBackend } from "../store/testing/sql-backends.js";
import { startServerOnBackend, type ServerOnBackend } from "../store/testing/server-on-backend.js";
import { reportingTestLibrary } from "./reporting-test-library.js";

const SCOPES = [
  { decisionId: "home", placementId: "web" },
  { decisionId: "home", placementId: "email" },
];

function profile(i: number) {
  return { id: `p-${i}`, attributes: { age: i % 90, ...(i % 7 === 0 ? { tier: "gold" } : {}) } };
}

interface PropositionLike {
  decisionId: string;
  placementId: string;
  reason: string;
  items: { offerId: string; score: number }[];
  fallback?: { offerId: string };
}

/** What must match between a batch line and a direct decide: everything but the fresh ids. */
function comparable(propositions: PropositionLike[]) {
  return propositions.map((p) => ({
    decisionId: p.decisionId,
    placementId: p.placementId,
    reason: p.reason,
    items: p.items.map((i) => [i.offerId, i.score]),
    fallback: p.fallback?.offerId,
  }));
}

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out; last value ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function describeBatchDecisionApi(backend: SqlBackend): void {
  describe(`batch decision jobs over HTTP on ${backend.name}`, () => {
    let t: ServerOnBackend;
    let batchDir: string;
    const json = async <T>(path: string, init: Parameters<ServerOnBackend["fetch"]>[1] = {}) => {
      const response = await t.fetch(path, init);
      return { status: response.status, body: (await response.json()) as T };
    };
    const job = async (id: string) => (await json<BatchJob>(`/v1/batch-decisions/${id}`)).body;
    const finished = (id: string, timeoutMs = 120_000) =>
      waitFor(
        () => job(id),
        (j) => !["queued", "running"].includes(j.status),
        timeoutMs,
      );
    const start = (body: unknown) =>
      json<{ jobId: string; job: BatchJob } & ErrorBody>("/v1/batch-decisions", {
        method: "POST",
        body,
      });
    const outputLines = async (id: string) => {
      const text = await (await t.fetch(`/v1/batch-decisions/${id}/output`)).text();
      return text === ""
        ? []
        : text
            .trimEnd()
            .split("\n")
            .map((l) => JSON.parse(l) as BatchOutputLine);
    };

    beforeAll(async () => {
      batchDir = await mkdtemp(join(tmpdir(), "offerkit-batch-"));
      t = await startServerOnBackend(backend, {
        library: reportingTestLibrary(),
        server: { batchDir },
      });
    }, 120_000);
    afterAll(async () => {
      await t?.close();
      await rm(batchDir, { recursive: true, force: true });
    });

    it("decides a 5,000-profile uploaded audience exactly as direct dry-run decides, in file order, storing nothing", async () => {
      const audience =
        Array.from({ length: 5000 }, (_, i) => JSON.stringify({ profile: profile(i) })).join("\n") +
        "\n";
      const upload = await json<{ path: string; bytes: number; format: string }>(
        "/v1/batch-audiences?format=jsonl",
        { method: "POST", rawBody: audience, headers: { "content-type": "application/x-ndjson" } },
      );
      expect(upload.status).toBe(201);
      expect(upload.body).toMatchObject({ format: "jsonl", bytes: Buffer.byteLength(audience) });
      expect(upload.body.path).toMatch(/^uploads\/.+\.jsonl$/);

      const started = await start({
        scopes: SCOPES,
        audience: { format: "jsonl", path: upload.body.path },
      });
      expect(started.status).toBe(202);
      expect(started.body.job).toMatchObject({
        status: "queued",
        request: { options: { dryRun: true } },
      });
      const done = await finished(started.body.jobId);
      expect(done).toMatchObject({
        status: "succeeded",
        progress: { processed: 5000, total: 5000, succeeded: 5000, failed: 0 },
        lineErrors: [],
        error: null,
      });
      expect(done.libraryVersion).toBeGreaterThan(0);

      const lines = await outputLines(done.id);
      expect(lines).toHaveLength(5000);
      expect(lines.map((l) => l.line)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
      const direct: unknown[] = new Array(5000);
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = next++; i < 5000; i = next++) {
            const r = await json<{ propositions: PropositionLike[] }>("/v1/decisions", {
              method: "POST",
              body: { profile: profile(i), scopes: SCOPES, options: { dryRun: true } },
            });
            direct[i] = comparable(r.body.propositions);
          }
        }),
      );
      expect(lines.map((l) => comparable(l.propositions as PropositionLike[]))).toEqual(direct);
      // The audience is varied: gold members get Gilt, minors never get Beta, some get the fallback.
      const offersSeen = new Set(
        lines.flatMap((l) =>
          l.propositions.flatMap((p) => [
            ...p.items.map((i) => i.offerId),
            p.fallback?.offerId ?? "",
          ]),
        ),
      );
      expect([...offersSeen].sort()).toEqual(["", "alpha", "beta", "gilt"]);
      const events = await t.stores.events.query({ profileId: "p-1" });
      expect(events.items).toEqual([]);
    }, 240_000);

    it("reports progress while running and stops on cancel, keeping what was written", async () => {
      await mkdir(join(batchDir, "big"), { recursive: true });
      const total = 50_000;
      await writeFile(
        join(batchDir, "big", "audience.jsonl"),
        Array.from({ length: total }, (_, i) => JSON.stringify({ profile: profile(i) })).join("\n"),
      );
      const started = await start({
        scopes: SCOPES,
        audience: { format: "jsonl", path: "big/audience.jsonl" },
        options: { concurrency: 4 },
      });
      expect(started.status).toBe(202);
      const running = await waitFor(
        () => job(started.body.jobId),
        (j) => j.status === "running" && j.progress.processed > 0,
        60_000,
      );
      expect(running.progress.total).toBe(total);
      expect(running.progress.processed).toBeLessThan(total);
      // Live traffic is served while the job runs.
      const live = await json<{ propositions: unknown[] }>("/v1/decisions", {
        method: "POST",
        body: { profile: profile(3), scopes: SCOPES },
      });
      expect(live.status).toBe(200);

      const cancelled = await json<BatchJob>(`/v1/batch-decisions/${started.body.jobId}/cancel`, {
        method: "POST",
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe("cancelled");
      const settled = await waitFor(
        () => job(started.body.jobId),
        (j) => j.progress.processed > 0 && j.finishedAt !== null,
        30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 700));
      const final = await job(started.body.jobId);
      expect(final.status).toBe("cancelled");
      expect(final.progress.processed).toBeLessThan(total);
      expect(final.progress.processed).toBeGreaterThanOrEqual(settled.progress.processed);
      const lines = await outputLines(final.id);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThan(total);
      expect(lines.map((l) => l.line)).toEqual(
        Array.from({ length: lines.length }, (_, i) => i + 1),
      );

      const again = await json<ErrorBody>(`/v1/batch-decisions/${final.id}/cancel`, {
        method: "POST",
      });
      expect(again.status).toBe(200); // cancelling a cancelled job is idempotent
      const unknown = await json<ErrorBody>("/v1/batch-decisions/bj_nope/cancel", {
        method: "POST",
      });
      expect(unknown.status).toBe(404);
    }, 180_000);

    it("counts bad lines with their line numbers and decides the rest (JSON Lines)", async () => {
      const text = [
        JSON.stringify({ profile: profile(20) }),
        "not json",
        JSON.stringify({ profile: { id: "" } }),
        JSON.stringify({ who: "x" }),
        "",
        JSON.stringify({ profile: profile(21), context: { channel: "web" } }),
        JSON.stringify({ profile: profile(22), scopes: [] }),
      ].join("\n");
      await writeFile(join(batchDir, "mixed.jsonl"), text);
      const started = await start({
        scopes: SCOPES,
        audience: { format: "jsonl", path: "mixed.jsonl" },
      });
      const done = await finished(started.body.jobId);
      expect(done).toMatchObject({
        status: "succeeded",
        progress: { processed: 6, total: 6, succeeded: 2, failed: 4 },
      });
      expect(done.lineErrors.map((e) => e.line)).toEqual([2, 3, 4, 7]);
      expect(done.lineErrors[0]?.message).toContain("not valid JSON");
      expect(done.lineErrors[1]?.message).toContain("profile.id");
      expect(done.lineErrors[2]?.message).toContain('unknown key "who"');
      expect(done.lineErrors[3]?.message).toContain('unknown key "scopes"');
      expect((await outputLines(done.id)).map((l) => [l.line, l.profileId])).toEqual([
        [1, "p-20"],
        [6, "p-21"],
      ]);
    }, 60_000);

    it("reads CSV audiences: id column, typed attributes, context columns, bad records counted", async () => {
      const csv = [
        "id,age,tier,context.channel",
        "c-1,40,gold,web",
        'c-2,12,"silver",',
        "c-3,30",
        '"c-4,bad',
        ",50,gold,web",
        "c-6,70,,email",
      ].join("\r\n");
      const upload = await json<{ path: string }>("/v1/batch-audiences?format=csv", {
        method: "POST",
        rawBody: csv,
        headers: { "content-type": "text/csv" },
      });
      const started = await start({
        scopes: [{ decisionId: "home", placementId: "web" }],
        audience: { format: "csv", path: upload.body.path },
      });
      const done = await finished(started.body.jobId);
      expect(done).toMatchObject({
        status: "succeeded",
        progress: { total: 6, processed: 6, succeeded: 3, failed: 3 },
      });
      expect(done.lineErrors).toEqual([
        { line: 4, message: "has 2 cells; the header has 4" },
        { line: 5, message: "a quoted cell is not closed" },
        { line: 6, message: 'the "id" cell is empty' },
      ]);
      const lines = await outputLines(done.id);
      const offers = Object.fromEntries(
        lines.map((l) => [l.profileId, l.propositions[0]?.items.map((i) => i.offerId)]),
      );
      // c-1 is a gold adult: Gilt first; c-2 is a minor: no Beta; c-6 is over 60: the formula's bonus keeps order.
      expect(offers).toEqual({
        "c-1": ["gilt", "alpha"],
        "c-2": ["alpha"],
        "c-6": ["alpha", "beta"],
      });
    }, 60_000);

    it("refuses audience paths outside the batch folder, and missing files", async () => {
      const outside = await mkdtemp(join(tmpdir(), "offerkit-outside-"));
      await writeFile(join(outside, "secret.jsonl"), JSON.stringify({ profile: profile(1) }));
      await symlink(join(outside, "secret.jsonl"), join(batchDir, "link.jsonl"));
      try {
        for (const path of [
          "../secret.jsonl",
          "uploads/../../secret.jsonl",
          join(outside, "secret.jsonl"),
          "/etc/passwd",
          "link.jsonl",
          "a\u0000b",
        ]) {
          const r = await start({ scopes: SCOPES, audience: { format: "jsonl", path } });
          expect(r.status, path).toBe(400);
          expect(r.body.error.issues?.map((i) => i.path.join("."))).toContain("audience.path");
        }
        const missing = await start({
          scopes: SCOPES,
          audience: { format: "jsonl", path: "nope.jsonl" },
        });
        expect(missing.status).toBe(404);
        // An absolute path inside the folder is fine.
        await writeFile(join(batchDir, "inside.jsonl"), JSON.stringify({ profile: profile(1) }));
        const inside = await start({
          scopes: SCOPES,
          audience: { format: "jsonl", path: join(batchDir, "inside.jsonl") },
        });
        expect(inside.status).toBe(202);
        await finished(inside.body.jobId);
      } finally {
        await rm(outside, { recursive: true, force: true });
      }
    }, 60_000);

    it("answers 4xx for bad requests, naming the path", async () => {
      await writeFile(join(batchDir, "one.jsonl"), JSON.stringify({ profile: profile(1) }));
      const audience = { format: "jsonl", path: "one.jsonl" };
      const notFound = await start({
        scopes: [{ decisionId: "nope", placementId: "web" }],
        audience,
      });
      expect(notFound.status).toBe(404);
      expect(notFound.body.error.issues?.[0]?.path).toEqual(["scopes", 0]);
      const wrongFormat = await start({
        scopes: SCOPES,
        audience: { format: "xml", path: "one.jsonl" },
      });
      expect(wrongFormat.status).toBe(400);
      expect(wrongFormat.body.error.issues?.[0]?.path).toEqual(["audience", "format"]);
      const extra = await start({ scopes: SCOPES, audience, options: { dryRun: "yes" } });
      expect(extra.body.error.issues?.[0]?.path).toEqual(["options", "dryRun"]);
      const noScopes = await start({ scopes: [], audience });
      expect(noScopes.status).toBe(400);
      expect(
        (await json<ErrorBody>("/v1/batch-audiences?format=tsv", { method: "POST", rawBody: "x" }))
          .status,
      ).toBe(400);
      expect(
        (await json<ErrorBody>("/v1/batch-audiences?format=csv", { method: "POST", rawBody: "" }))
          .status,
      ).toBe(400);
      expect((await json<ErrorBody>("/v1/batch-decisions/bj_missing")).status).toBe(404);
      const { key } = await t.stores.apiKeys.create({ name: "decide", scopes: ["decide"] });
      expect(
        (
          await json<ErrorBody>("/v1/batch-decisions", {
            method: "POST",
            body: { scopes: SCOPES, audience },
            key,
          })
        ).status,
      ).toBe(403);
    });

    it("reserves caps and stores decision events only when dryRun is false", async () => {
      await writeFile(
        join(batchDir, "five.jsonl"),
        Array.from({ length: 5 }, (_, i) => JSON.stringify({ profile: { id: `real-${i}` } })).join(
          "\n",
        ),
      );
      const scopes = [{ decisionId: "scarce", placementId: "web" }];
      const dry = await finished(
        (await start({ scopes, audience: { format: "jsonl", path: "five.jsonl" } })).body.jobId,
      );
      expect((await outputLines(dry.id)).map((l) => l.propositions[0]?.reason)).toEqual([
        "ranked",
        "ranked",
        "ranked",
        "ranked",
        "ranked",
      ]);
      const real = await finished(
        (
          await start({
            scopes,
            audience: { format: "jsonl", path: "five.jsonl" },
            options: { dryRun: false },
          })
        ).body.jobId,
      );
      expect((await outputLines(real.id)).map((l) => l.propositions[0]?.reason)).toEqual([
        "ranked",
        "ranked",
        "fallback",
        "fallback",
        "fallback",
      ]);
      const stored = await t.stores.events.query({ decisionId: "scarce", type: "decision" });
      expect(stored.items.map((e) => e.profileId).sort()).toEqual([
        "real-0",
        "real-1",
        "real-2",
        "real-3",
        "real-4",
      ]);
    }, 60_000);

    it("marks jobs failed (interrupted) when their server stops or crashed, never leaves them running", async () => {
      await t.stores.sql.query(
        `INSERT INTO batch_jobs (id, status, spec, instance_id, output_path, created_at, started_at, heartbeat_at)
         VALUES ('bj_crashed', 'running', $1::jsonb, 'i_gone', 'output/bj_crashed.jsonl', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour')`,
        [
          JSON.stringify({
            scopes: SCOPES,
            audience: { format: "jsonl", path: "one.jsonl" },
            options: { dryRun: true, concurrency: 8 },
          }),
        ],
      );
      const started = await start({
        scopes: SCOPES,
        audience: { format: "jsonl", path: "big/audience.jsonl" },
      });
      await waitFor(
        () => job(started.body.jobId),
        (j) => j.status === "running" && j.progress.processed > 0,
        60_000,
      );
      await t.stop();
      t = await t.restart();
      const stopped = await job(started.body.jobId);
      expect(stopped.status).toBe("failed");
      expect(stopped.error).toContain("interrupted");
      const crashed = await job("bj_crashed");
      expect(crashed.status).toBe("failed");
      expect(crashed.error).toContain("interrupted");
      const list = await json<{ items: BatchJob[] }>("/v1/batch-decisions?limit=200");
      expect(
        list.body.items.filter((j) => j.status === "running" || j.status === "queued"),
      ).toEqual([]);
    }, 120_000);
  });
}
