import { useEffect, useState } from "react";
import type { Api } from "../api/api-client.js";
import { ErrorMessage } from "../components/ErrorMessage.js";

interface Preview {
  count: number;
  approvedCount: number;
  offers: { id: string; name: string; status: string }[];
  unknownOfferIds: string[];
  emptyFilter: boolean;
}

/** "Matches N offers": the collection definition being edited, previewed by the server on each change. */
export function CollectionPreviewPanel({
  api,
  definition,
}: {
  api: Api;
  definition: Record<string, unknown>;
}) {
  const [preview, setPreview] = useState<Preview | undefined>();
  const [error, setError] = useState<unknown>();
  const key = JSON.stringify(definition);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api
        .request<Preview>("POST", "/v1/collection-preview", { body: JSON.parse(key) as unknown })
        .then(
          ({ body }) => {
            if (!current) return;
            setPreview(body);
            setError(undefined);
          },
          (e: unknown) => current && setError(e),
        );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key]);

  return (
    <section className="collection-preview" aria-labelledby="collection-preview-title">
      <h2 id="collection-preview-title">Preview</h2>
      <div role="status" aria-live="polite">
        {error !== undefined ? (
          <ErrorMessage error={error} />
        ) : preview === undefined ? (
          <p>Counting…</p>
        ) : (
          <p data-testid="collection-match-count">
            Matches {preview.count} {preview.count === 1 ? "offer" : "offers"} (
            {preview.approvedCount} approved)
          </p>
        )}
      </div>
      {preview && error === undefined && (
        <>
          {preview.emptyFilter && (
            <p className="warning">
              Add tags or conditions: a dynamic collection needs at least one.
            </p>
          )}
          {preview.unknownOfferIds.length > 0 && (
            <p className="warning">
              Not personalized offers of the library (never selected):{" "}
              {preview.unknownOfferIds.join(", ")}
            </p>
          )}
          {preview.offers.length > 0 && (
            <ul data-testid="collection-preview-offers">
              {preview.offers.map((o) => (
                <li key={o.id} data-offer-id={o.id}>
                  <a href={`#/offers/${encodeURIComponent(o.id)}`}>{o.name}</a> <code>{o.id}</code>{" "}
                  <span className={`status status-${o.status}`}>{o.status}</span>
                </li>
              ))}
              {preview.count > preview.offers.length && (
                <li>… and {preview.count - preview.offers.length} more</li>
              )}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
