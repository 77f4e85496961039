import type { ApiIssue } from "../api/api-error.js";
import { issueSpan, issueText } from "../offers/issue-span.js";

/** One problem of a CEL expression: its message, its position, and the source with that span marked. */
export function ExpressionIssue({ source, issue }: { source: string; issue: ApiIssue }) {
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
