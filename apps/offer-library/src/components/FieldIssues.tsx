import type { ApiIssue } from "../api/api-error.js";

/** The server's messages for one field, placed next to it (the field points here with aria-describedby). */
export function FieldIssues({ id, issues }: { id: string; issues: readonly ApiIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <span id={id} className="field-error" data-testid="field-error">
      {issues.map((i) => i.message).join("; ")}
    </span>
  );
}

/** Props that mark a field invalid and tie it to its FieldIssues. */
export function invalidProps(
  id: string,
  issues: readonly ApiIssue[],
): { "aria-invalid"?: true; "aria-describedby"?: string } {
  return issues.length > 0 ? { "aria-invalid": true, "aria-describedby": id } : {};
}
