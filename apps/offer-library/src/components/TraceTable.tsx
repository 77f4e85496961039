import type { ScopeTrace } from "../api/library-types.js";

/** Every candidate of one scope: where it left the pipeline and why, with its score. */
export function TraceTable({ trace }: { trace: ScopeTrace }) {
  const caption = `Trace for ${trace.decisionId} / ${trace.placementId} (outcome: ${trace.outcome})`;
  if (trace.candidates.length === 0) return <p>{caption}: no candidate reached this scope.</p>;
  return (
    <table className="trace" data-testid={`trace-${trace.decisionId}-${trace.placementId}`}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Offer</th>
          <th scope="col">Group</th>
          <th scope="col">Stage</th>
          <th scope="col">Reason</th>
          <th scope="col">Failing expression</th>
          <th scope="col">Cap (count / limit)</th>
          <th scope="col">Score</th>
        </tr>
      </thead>
      <tbody>
        {trace.candidates.map((c, i) => (
          <tr
            key={`${c.offerId}-${i}`}
            data-offer-id={c.offerId}
            data-stage={c.stage}
            className={c.stage === "selected" ? "selected" : ""}
          >
            <th scope="row">
              <a href={`#/offers/${encodeURIComponent(c.offerId)}`}>{c.offerId}</a>
            </th>
            <td>{c.groupIndex + 1}</td>
            <td>
              <span className={`stage stage-${c.stage}`}>{c.stage}</span>
            </td>
            <td>{c.reason}</td>
            <td>{c.expression ? <code>{c.expression}</code> : "—"}</td>
            <td>{c.cap ? `${c.cap.capId}: ${c.cap.count} / ${c.cap.limit}` : "—"}</td>
            <td>
              {c.score === undefined ? "—" : c.score}
              {c.scoreParts && (
                <span className="score-parts">
                  {" "}
                  ({c.scoreParts.method}
                  {c.scoreParts.method === "formula" && c.scoreParts.formula !== undefined
                    ? ` = ${c.scoreParts.formula}`
                    : ""}
                  , priority {c.scoreParts.priority})
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
