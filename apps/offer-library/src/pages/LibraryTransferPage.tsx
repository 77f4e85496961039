import { useState } from "react";
import { ApiError } from "../api/api-error.js";
import type { Session } from "../api/session.js";
import { ErrorMessage } from "../components/ErrorMessage.js";

type Report =
  | { kind: "valid" | "imported"; counts: Record<string, number>; version?: number }
  | { kind: "invalid"; error: ApiError };

export function LibraryTransferPage({ session }: { session: Session }) {
  const [text, setText] = useState("");
  const [mode, setMode] = useState<"merge" | "replace">("merge");
  const [report, setReport] = useState<Report | undefined>();
  const [error, setError] = useState<unknown>();
  const [downloadUrl, setDownloadUrl] = useState<string | undefined>();

  const exportLibrary = async (): Promise<void> => {
    setError(undefined);
    try {
      const bundle = await session.api.get<unknown>("/v1/library/export");
      const json = JSON.stringify(bundle, null, 2);
      setText(json);
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
      setDownloadUrl(URL.createObjectURL(new Blob([json], { type: "application/json" })));
    } catch (e) {
      setError(e);
    }
  };

  const send = async (action: "validate" | "import"): Promise<void> => {
    setError(undefined);
    setReport(undefined);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      setError(
        new Error(`The bundle is not valid JSON: ${e instanceof Error ? e.message : String(e)}`),
      );
      return;
    }
    try {
      if (action === "validate") {
        const result = await session.api.request<{ counts: Record<string, number> }>(
          "POST",
          "/v1/library/validate",
          { body },
        );
        setReport({ kind: "valid", counts: result.body.counts });
      } else {
        const result = await session.api.request<{
          version: number;
          counts: Record<string, number>;
        }>("POST", `/v1/library/import?mode=${mode}`, { body });
        setReport({ kind: "imported", counts: result.body.counts, version: result.body.version });
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setReport({ kind: "invalid", error: e });
      else setError(e);
    }
  };

  return (
    <section aria-labelledby="transfer-title">
      <h1 id="transfer-title">Export / import the library</h1>
      <div className="actions">
        <button type="button" onClick={() => void exportLibrary()}>
          Export the library
        </button>
        {downloadUrl && (
          <a className="button secondary" href={downloadUrl} download="offerkit-library.json">
            Download the export
          </a>
        )}
      </div>
      <label htmlFor="bundle">Library bundle (JSON)</label>
      <textarea
        id="bundle"
        className="code"
        rows={14}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <label>
        Or load a file
        <input
          type="file"
          accept="application/json,.json"
          onChange={(e) => void e.target.files?.[0]?.text().then(setText)}
        />
      </label>
      <div className="actions">
        <button type="button" onClick={() => void send("validate")} disabled={text.trim() === ""}>
          Validate
        </button>
        {session.canWrite && (
          <>
            <label>
              Import mode
              <select value={mode} onChange={(e) => setMode(e.target.value as "merge" | "replace")}>
                <option value="merge">merge (upsert the bundle's objects)</option>
                <option value="replace">replace (the library becomes the bundle)</option>
              </select>
            </label>
            <button type="button" onClick={() => void send("import")} disabled={text.trim() === ""}>
              Import
            </button>
          </>
        )}
      </div>
      <ErrorMessage error={error} />
      {report && <ValidationReport report={report} />}
    </section>
  );
}

function ValidationReport({ report }: { report: Report }) {
  if (report.kind === "invalid") {
    return (
      <section
        role="alert"
        className="error"
        aria-labelledby="report-title"
        data-testid="validation-report"
      >
        <h2 id="report-title">
          Validation report: {report.error.issues.length} problem(s), nothing was written
        </h2>
        <ul>
          {report.error.issues.map((issue, i) => (
            <li key={i}>
              <code>{issue.path.join(".")}</code>: {issue.message}
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section role="status" aria-labelledby="report-title" data-testid="validation-report">
      <h2 id="report-title">
        {report.kind === "valid"
          ? "The bundle is valid"
          : `Imported (library version ${report.version ?? "?"})`}
      </h2>
      <ul>
        {Object.entries(report.counts).map(([kind, count]) => (
          <li key={kind}>
            {kind}: {count}
          </li>
        ))}
      </ul>
    </section>
  );
}
