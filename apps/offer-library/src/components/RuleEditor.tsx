import { useId } from "react";
import type { ApiIssue } from "../api/api-error.js";
import { ExpressionIssue } from "./ExpressionIssue.js";

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
            <ExpressionIssue key={i} source={value} issue={issue} />
          ))}
        </div>
      )}
    </div>
  );
}
