import { useMemo } from "react";
import type { RepresentationDraft } from "../offers/offer-draft.js";
import { sanitizeHtml } from "../offers/sanitize-html.js";

/** What the representation will look like; HTML goes through DOMPurify before reaching the DOM. */
export function RepresentationPreview({
  representation: r,
}: {
  representation: RepresentationDraft;
}) {
  const sanitized = useMemo(
    () => (r.type === "html" ? sanitizeHtml(r.content) : undefined),
    [r.type, r.content],
  );
  const json = useMemo(() => {
    if (r.type !== "json") return undefined;
    try {
      return { ok: true as const, text: JSON.stringify(JSON.parse(r.content || "null"), null, 2) };
    } catch (e) {
      return { ok: false as const, text: e instanceof Error ? e.message : String(e) };
    }
  }, [r.type, r.content]);

  let body;
  if (r.type === "text")
    body = (
      <p className="preview-text">{r.content || (r.url ? `(content from ${r.url})` : "(empty)")}</p>
    );
  else if (r.type === "html")
    body = (
      <div className="preview-html" dangerouslySetInnerHTML={{ __html: sanitized?.html ?? "" }} />
    );
  else if (r.type === "image")
    body = r.url ? (
      <img className="preview-image" src={r.url} alt={r.altText} />
    ) : (
      <p>(an image needs a URL)</p>
    );
  else
    body = json?.ok ? (
      <pre className="code preview-json">{json.text}</pre>
    ) : (
      <p className="error" role="alert">
        Invalid JSON: {json?.text}
      </p>
    );

  return (
    <figure className="preview" data-testid="representation-preview" data-type={r.type}>
      <figcaption>
        Preview ({r.type}
        {r.type === "html" ? ", sanitized" : ""})
      </figcaption>
      {sanitized !== undefined && sanitized.imagesWithoutAlt > 0 && (
        <p className="warning" data-testid="alt-warning">
          {sanitized.imagesWithoutAlt} image(s) in this HTML have no alt text: add alt="…" (or
          alt="" for decoration).
        </p>
      )}
      {r.linkUrl && r.type !== "json" ? (
        <a href={r.linkUrl} target="_blank" rel="noreferrer noopener">
          {body}
        </a>
      ) : (
        body
      )}
    </figure>
  );
}
