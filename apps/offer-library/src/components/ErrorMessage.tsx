import { ApiError } from "../api/api-error.js";

/** An API or other error as an alert, with the server's issues listed. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (error === undefined) return null;
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div role="alert" className="error">
      <p>
        {error instanceof Error
          ? error.message
          : typeof error === "string"
            ? error
            : "Something went wrong."}
      </p>
      {issues.length > 0 && (
        <ul>
          {issues.map((issue, i) => (
            <li key={i}>
              {issue.path.length > 0 && <code>{issue.path.join(".")}</code>} {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
