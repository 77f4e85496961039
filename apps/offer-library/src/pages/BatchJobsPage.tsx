import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { Session } from "../api/session.js";
import { ErrorMessage } from "../components/ErrorMessage.js";
import { downloadOutput, uploadAudience, type BatchJob } from "../batch/batch-api.js";
import "../reports/reports.css";

interface DecisionConfig {
  id: string;
  name: string;
  status: string;
  scopes: { placementId: string }[];
}

const scopeKey = (decisionId: string, placementId: string): string =>
  `${decisionId}\u0000${placementId}`;

/** Start a batch decision run over an uploaded audience, watch its progress, download the propositions. */
export function BatchJobsPage({ session }: { session: Session }) {
  const [decisions, setDecisions] = useState<DecisionConfig[]>([]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [file, setFile] = useState<File | undefined>();
  const [format, setFormat] = useState<"jsonl" | "csv">("jsonl");
  const [dryRun, setDryRun] = useState(true);
  const [jobs, setJobs] = useState<BatchJob[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [downloads, setDownloads] = useState<Record<string, string>>({});

  const refresh = useCallback(async (): Promise<void> => {
    try {
      setJobs((await session.api.get<{ items: BatchJob[] }>("/v1/batch-decisions?limit=20")).items);
    } catch (e) {
      setError(e);
    }
  }, [session]);

  useEffect(() => {
    void session.api.get<{ items: DecisionConfig[] }>("/v1/decision-configs?limit=500").then(
      (page) => setDecisions(page.items),
      (e: unknown) => setError(e),
    );
    void refresh();
  }, [session, refresh]);

  // Poll while any job is unfinished.
  const unfinished = jobs.some((j) => j.status === "queued" || j.status === "running");
  useEffect(() => {
    if (!unfinished) return;
    const timer = setInterval(() => void refresh(), 1000);
    return () => clearInterval(timer);
  }, [unfinished, refresh]);

  const start = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (file === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      const path = await uploadAudience(session, file, format);
      const scopes = [...chosen].map((key) => {
        const [decisionId = "", placementId = ""] = key.split("\u0000");
        return { decisionId, placementId };
      });
      await session.api.request("POST", "/v1/batch-decisions", {
        body: { scopes, audience: { format, path }, options: { dryRun } },
      });
      await refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async (job: BatchJob): Promise<void> => {
    try {
      await session.api.request("POST", `/v1/batch-decisions/${encodeURIComponent(job.id)}/cancel`);
      await refresh();
    } catch (e) {
      setError(e);
    }
  };

  const prepareDownload = async (job: BatchJob): Promise<void> => {
    try {
      const url = URL.createObjectURL(await downloadOutput(session, job));
      setDownloads((d) => ({ ...d, [job.id]: url }));
    } catch (e) {
      setError(e);
    }
  };

  const toggle = (key: string): void =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <section aria-labelledby="batch-title">
      <h1 id="batch-title">Batch jobs</h1>
      <p className="hint">
        Decide for every profile of an audience file at once (needs an admin key). JSON Lines: one{" "}
        <code>{'{"profile": {"id": …, "attributes": {…}}}'}</code> per line; CSV: a header with an{" "}
        <code>id</code> column, other columns are attributes, <code>context.*</code> columns the
        context. A dry run reserves no caps and stores no events.
      </p>
      <form onSubmit={(e) => void start(e)} aria-label="New batch job">
        <fieldset>
          <legend>Scopes</legend>
          {decisions.length === 0 && <p>No decisions in the library.</p>}
          {decisions.flatMap((d) =>
            d.scopes.map((s) => {
              const key = scopeKey(d.id, s.placementId);
              return (
                <label key={key} className="checkbox">
                  <input type="checkbox" checked={chosen.has(key)} onChange={() => toggle(key)} />
                  {`${d.name} (${d.id}, ${d.status}) → ${s.placementId}`}
                </label>
              );
            }),
          )}
        </fieldset>
        <div className="filters">
          <label>
            Audience file
            <input
              type="file"
              accept=".jsonl,.ndjson,.csv,text/csv,application/x-ndjson"
              onChange={(e) => setFile(e.target.files?.[0])}
              required
            />
          </label>
          <label>
            Format
            <select value={format} onChange={(e) => setFormat(e.target.value as "jsonl" | "csv")}>
              <option value="jsonl">JSON Lines</option>
              <option value="csv">CSV</option>
            </select>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
            Dry run (no caps reserved, no events stored)
          </label>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy || file === undefined || chosen.size === 0}>
            Start batch job
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      <h2>Jobs</h2>
      {jobs.length === 0 ? (
        <p>No batch jobs yet.</p>
      ) : (
        <table aria-label="Batch jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col" className="numeric">
                Decided
              </th>
              <th scope="col" className="numeric">
                Bad lines
              </th>
              <th scope="col">Output</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id} data-testid={`job ${job.id}`}>
                <th scope="row">
                  <code>{job.id}</code>
                  <div className="hint">
                    {job.request.scopes.map((s) => `${s.decisionId} → ${s.placementId}`).join(", ")}
                    {job.request.options.dryRun ? " · dry run" : " · real run"}
                  </div>
                </th>
                <td data-testid="status">
                  {job.status}
                  {job.error && <div className="field-error">{job.error}</div>}
                </td>
                <td>
                  <progress
                    max={job.progress.total ?? undefined}
                    value={job.progress.total === null ? undefined : job.progress.processed}
                    aria-label={`Progress of ${job.id}`}
                  />{" "}
                  {job.progress.processed} / {job.progress.total ?? "?"}
                </td>
                <td className="numeric">{job.progress.succeeded}</td>
                <td className="numeric">
                  {job.progress.failed}
                  {job.lineErrors.length > 0 && (
                    <details>
                      <summary>Lines</summary>
                      <ul className="plain">
                        {job.lineErrors.map((e) => (
                          <li key={e.line}>
                            line {e.line}: {e.message}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
                <td>
                  {(job.status === "queued" || job.status === "running") && (
                    <button
                      type="button"
                      className="secondary small"
                      onClick={() => void cancel(job)}
                    >
                      Cancel {job.id}
                    </button>
                  )}
                  {job.status !== "queued" &&
                    (downloads[job.id] ? (
                      <a
                        className="button secondary small"
                        href={downloads[job.id]}
                        download={`${job.id}.jsonl`}
                      >
                        Save {job.id}.jsonl
                      </a>
                    ) : (
                      <button
                        type="button"
                        className="secondary small"
                        onClick={() => void prepareDownload(job)}
                      >
                        Download output of {job.id}
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
