interface JsonConflictNoticeProps {
  singular: string;
  current: Record<string, unknown>;
  onOverwrite: () => void;
  onLoadTheirs: () => void;
}

/** A 412 on a library object: the other version is shown; the user's edits stay in the form. */
export function JsonConflictNotice({
  singular,
  current,
  onOverwrite,
  onLoadTheirs,
}: JsonConflictNoticeProps) {
  return (
    <section role="alert" className="conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">Conflict: this {singular} was changed by someone else</h2>
      <p>
        Your changes were <strong>not saved</strong> and are still in the form below. The server now
        has this version
        {typeof current.updatedAt === "string" ? ` (saved at ${current.updatedAt})` : ""}:
      </p>
      <pre className="code" data-testid="conflict-current">
        {JSON.stringify(current, null, 2)}
      </pre>
      <div className="actions">
        <button type="button" onClick={onOverwrite}>
          Save my version over theirs
        </button>
        <button type="button" className="secondary" onClick={onLoadTheirs}>
          Discard my changes and load theirs
        </button>
      </div>
    </section>
  );
}
