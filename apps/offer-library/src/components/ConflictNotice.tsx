import type { Offer } from "../api/library-types.js";

interface ConflictNoticeProps {
  current: Offer;
  onOverwrite: () => void;
  onLoadTheirs: () => void;
}

/** Shown after a 412: someone saved this offer since it was opened. The form keeps the user's edits. */
export function ConflictNotice({ current, onOverwrite, onLoadTheirs }: ConflictNoticeProps) {
  return (
    <section role="alert" className="conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">Conflict: this offer was changed by someone else</h2>
      <p>
        Your changes were <strong>not saved</strong> and are still in the form below. The server now
        has the version saved at {current.updatedAt ?? "an unknown time"}:
      </p>
      <dl className="conflict-summary">
        <dt>Name</dt>
        <dd data-testid="conflict-name">{current.name}</dd>
        <dt>Status</dt>
        <dd>{current.status}</dd>
        {current.kind === "personalized" && (
          <>
            <dt>Priority</dt>
            <dd>{current.priority}</dd>
          </>
        )}
        <dt>Tags</dt>
        <dd>{current.tags.join(", ") || "—"}</dd>
      </dl>
      <details>
        <summary>Their full version (JSON)</summary>
        <pre className="code">{JSON.stringify(current, null, 2)}</pre>
      </details>
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
