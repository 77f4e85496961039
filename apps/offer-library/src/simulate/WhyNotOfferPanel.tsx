import { useId, useState } from "react";
import type { DecisionResponse } from "../api/library-types.js";

interface WhyNotOfferPanelProps {
  result: DecisionResponse;
  offers: readonly { id: string; name: string; kind: string; status: string }[];
}

/** Pick any offer of the library and read, per simulated scope, what the trace says about it. */
export function WhyNotOfferPanel({ result, offers }: WhyNotOfferPanelProps) {
  const id = useId();
  const [offerId, setOfferId] = useState("");
  const offer = offers.find((o) => o.id === offerId);
  const scopes = result.trace?.scopes ?? [];
  return (
    <section aria-labelledby={`${id}-title`} className="why-not">
      <h2 id={`${id}-title`}>Why (not) this offer?</h2>
      <label>
        Offer to explain
        <select value={offerId} onChange={(e) => setOfferId(e.target.value)}>
          <option value="">(choose an offer)</option>
          {offers.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({o.id})
            </option>
          ))}
        </select>
      </label>
      {offer && (
        <ul data-testid="why-not" aria-live="polite">
          {scopes.map((scope) => {
            const rows = scope.candidates.filter((c) => c.offerId === offer.id);
            const where = `${scope.decisionId} / ${scope.placementId}`;
            if (rows.length === 0) {
              return (
                <li key={where} data-stage="absent">
                  <strong>{where}</strong>: not a candidate —{" "}
                  {offer.kind === "fallback"
                    ? "fallback offers are only used when nothing qualifies."
                    : "it is in no collection of the criteria groups this scope walked (groups after the one that filled the slots are not walked)."}
                </li>
              );
            }
            return rows.map((c, i) => (
              <li key={`${where}-${i}`} data-stage={c.stage}>
                <strong>{where}</strong>, group {c.groupIndex + 1}:{" "}
                {c.stage === "selected" ? (
                  "chosen"
                ) : (
                  <>
                    left at stage <em>{c.stage}</em>
                  </>
                )}{" "}
                — {c.reason}
                {c.expression && (
                  <>
                    {" "}
                    (failing clause <code>{c.expression}</code>)
                  </>
                )}
                {c.cap && ` (cap ${c.cap.capId}: ${c.cap.count} / ${c.cap.limit})`}
                {c.score !== undefined && ` · score ${c.score}`}
              </li>
            ));
          })}
        </ul>
      )}
    </section>
  );
}
