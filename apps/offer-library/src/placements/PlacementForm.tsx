import { useId, type ReactNode } from "react";
import type { ApiIssue } from "../api/api-error.js";
import { FieldIssues, invalidProps } from "../components/FieldIssues.js";
import { issuesAt } from "../forms/issues-at.js";

type Fields = Record<string, unknown>;

const CHANNELS = ["web", "email", "push", "app", "sms", "other"];
const CONTENT_TYPES = ["text", "html", "image", "json"];

interface PlacementFormProps {
  value: Fields;
  isNew: boolean;
  readOnly: boolean;
  issues: readonly ApiIssue[];
  onChange: (value: Fields) => void;
}

const text = (v: unknown): string =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : "";

/** A placement: channel, the one content type it takes, and the request defaults. */
export function PlacementForm({ value, isNew, readOnly, issues, onChange }: PlacementFormProps) {
  const id = useId();
  const set = (field: string, v: unknown): void => {
    const next = { ...value };
    if (v === undefined) delete next[field];
    else next[field] = v;
    onChange(next);
  };
  const field = (
    name: string,
    label: string,
    render: (props: ReturnType<typeof invalidProps>) => ReactNode,
    className?: string,
  ) => {
    const found = issuesAt(issues, [name]);
    return (
      <label className={className}>
        {label}
        {render(invalidProps(`${id}-${name}`, found))}
        <FieldIssues id={`${id}-${name}`} issues={found} />
      </label>
    );
  };
  return (
    <fieldset>
      <legend>Placement</legend>
      <div className="grid">
        {field("id", "Id", (p) => (
          <input
            value={text(value.id)}
            required
            readOnly={readOnly || !isNew}
            {...p}
            onChange={(e) => set("id", e.target.value)}
          />
        ))}
        {field("name", "Name", (p) => (
          <input
            value={text(value.name)}
            required
            readOnly={readOnly}
            {...p}
            onChange={(e) => set("name", e.target.value)}
          />
        ))}
        {field("channel", "Channel", (p) => (
          <select
            value={text(value.channel)}
            disabled={readOnly}
            {...p}
            onChange={(e) => set("channel", e.target.value)}
          >
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        ))}
        {field("contentType", "Content type", (p) => (
          <select
            value={text(value.contentType)}
            disabled={readOnly}
            {...p}
            onChange={(e) => set("contentType", e.target.value)}
          >
            {CONTENT_TYPES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        ))}
        {field("itemCount", "Items per request (default, 1–30)", (p) => (
          <input
            type="number"
            min={1}
            max={30}
            step={1}
            value={text(value.itemCount)}
            readOnly={readOnly}
            {...p}
            // A number when it is one; otherwise the text, so the server names the field.
            onChange={(e) =>
              set(
                "itemCount",
                e.target.value === ""
                  ? undefined
                  : Number.isFinite(Number(e.target.value))
                    ? Number(e.target.value)
                    : e.target.value,
              )
            }
          />
        ))}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={value.allowDuplicates === true}
            disabled={readOnly}
            onChange={(e) => set("allowDuplicates", e.target.checked)}
          />
          Allow the same offer in other scopes of a request
        </label>
        {field(
          "description",
          "Description",
          (p) => (
            <input
              value={text(value.description)}
              readOnly={readOnly}
              {...p}
              onChange={(e) =>
                set("description", e.target.value === "" ? undefined : e.target.value)
              }
            />
          ),
          "wide",
        )}
      </div>
    </fieldset>
  );
}
