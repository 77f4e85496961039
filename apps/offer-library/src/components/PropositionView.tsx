import type { Proposition } from "../api/library-types.js";

/** One scope's answer: ranked items, or the decision's fallback. */
export function PropositionView({ proposition: p }: { proposition: Proposition }) {
  return (
    <article
      className="proposition"
      data-testid={`proposition-${p.decisionId}-${p.placementId}`}
      aria-label={`Proposition for ${p.decisionId} / ${p.placementId}`}
    >
      <h3>
        {p.decisionId} / {p.placementId}:{" "}
        {p.reason === "ranked" ? `${p.items.length} offer(s) chosen` : "fallback"}
      </h3>
      {p.reason === "ranked" ? (
        <ol>
          {p.items.map((item) => (
            <li key={item.offerId} data-offer-id={item.offerId}>
              <strong>{item.name}</strong> (<code>{item.offerId}</code>) · score {item.score} ·
              priority {item.priority}
            </li>
          ))}
        </ol>
      ) : (
        p.fallback && (
          <p data-offer-id={p.fallback.offerId}>
            Fallback: <strong>{p.fallback.name}</strong> (<code>{p.fallback.offerId}</code>)
          </p>
        )
      )}
    </article>
  );
}
