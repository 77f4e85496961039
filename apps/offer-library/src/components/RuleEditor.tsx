import { useId } from "react";
import type { ApiIssue } from "../api/api-error.js";
import { issueSpan, issueText } from "../offers/issue-span.js";

interface RuleEditorProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Server issues for this expression (parse / type errors). */
  issues: ApiIssue[];
  readOnly: boolean;
}

/** A CEL expression field that shows the server's errors at their position in the source. */
export function RuleEditor({ label, value, onChange, issues, readOnly }: RuleEditorProps) {
  const id = useId();
  const errorId = `${id}-errors`;
  return (
    <div className="rule-editor">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="code"
        rows={3}
        spellCheck={false}
        value={value}
        readOnly={readOnly}
        aria-invalid={issues.length > 0}
        aria-describedby={issues.length > 0 ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {issues.length > 0 && (
        <div id={errorId} role="alert" className="error rule-errors">
          {issues.map((issue, i) => (
            <RuleIssue key={i} source={value} issue={issue} />
          ))}
        </div>
      )}
    </div>
  );
}

function RuleIssue({ source, issue }: { source: string; issue: ApiIssue }) {
  const span = issueSpan(issue);
  if (!span) return <p>{issueText(issue)}</p>;
  const start = Math.min(span.start, source.length);
  const end = Math.max(start, Math.min(span.end, source.length));
  const marked = source.slice(start, end);
  return (
    <div className="rule-issue" data-span-start={span.start} data-span-end={span.end}>
      <p>
        <span data-testid="rule-error-message">{issueText(issue)}</span>{" "}
        <span data-testid="rule-error-position">
          (at character {span.start + 1}
          {span.end > span.start + 1 ? `–${span.end}` : ""})
        </span>
      </p>
      <pre className="code source-marked" aria-label="Expression with the error marked">
        {source.slice(0, start)}
        <mark data-testid="rule-error-mark" title={issueText(issue)}>
          {marked === "" ? "⌃" : marked}
        </mark>
        {source.slice(end)}
      </pre>
    </div>
  );
}
