import { useId } from "react";
import type { Placement } from "../api/library-types.js";
import type { ContentKind, RepresentationDraft } from "../offers/offer-draft.js";
import { RepresentationPreview } from "./RepresentationPreview.js";

interface RepresentationEditorProps {
  index: number;
  value: RepresentationDraft;
  placements: Placement[];
  readOnly: boolean;
  onChange: (value: RepresentationDraft) => void;
  onRemove: () => void;
}

const TYPES: ContentKind[] = ["text", "html", "image", "json"];

/** One representation (content for one placement) with its live preview. */
export function RepresentationEditor({
  index,
  value,
  placements,
  readOnly,
  onChange,
  onRemove,
}: RepresentationEditorProps) {
  const id = useId();
  const set = <K extends keyof RepresentationDraft>(field: K, v: RepresentationDraft[K]): void =>
    onChange({ ...value, [field]: v });
  const known = placements.some((p) => p.id === value.placementId);
  // A placement takes one content type: switching placement switches the type with it.
  const choosePlacement = (placementId: string): void => {
    const type = placements.find((p) => p.id === placementId)?.contentType;
    onChange({ ...value, placementId, ...(type ? { type } : {}) });
  };
  return (
    <fieldset className="representation" data-testid={`representation-${index + 1}`}>
      <legend>Representation {index + 1}</legend>
      <div className="grid">
        <label>
          Placement
          <select
            value={value.placementId}
            disabled={readOnly}
            onChange={(e) => choosePlacement(e.target.value)}
          >
            {!known && <option value={value.placementId}>{value.placementId || "(choose)"}</option>}
            {placements.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.id}, {p.channel})
              </option>
            ))}
          </select>
        </label>
        <label>
          Content type
          <select
            value={value.type}
            disabled={readOnly}
            onChange={(e) => set("type", e.target.value as ContentKind)}
          >
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {value.type !== "image" && (
          <label className="wide" htmlFor={`${id}-content`}>
            Content
          </label>
        )}
        {value.type !== "image" && (
          <textarea
            id={`${id}-content`}
            className={`wide ${value.type === "text" ? "" : "code"}`}
            rows={value.type === "text" ? 2 : 4}
            value={value.content}
            readOnly={readOnly}
            onChange={(e) => set("content", e.target.value)}
          />
        )}
        <label>
          {value.type === "image" ? "Image URL" : "Content URL (optional)"}
          <input
            type="url"
            value={value.url}
            readOnly={readOnly}
            onChange={(e) => set("url", e.target.value)}
          />
        </label>
        <label>
          Click-through link (optional)
          <input
            type="url"
            value={value.linkUrl}
            readOnly={readOnly}
            onChange={(e) => set("linkUrl", e.target.value)}
          />
        </label>
        {value.type === "image" && (
          <label>
            Alternative text
            <input
              value={value.altText}
              readOnly={readOnly}
              onChange={(e) => set("altText", e.target.value)}
            />
          </label>
        )}
      </div>
      <RepresentationPreview representation={value} />
      {!readOnly && (
        <button type="button" className="secondary" onClick={onRemove}>
          Remove representation {index + 1}
        </button>
      )}
    </fieldset>
  );
}
