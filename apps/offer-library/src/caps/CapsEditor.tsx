import type { ApiIssue } from "../api/api-error.js";
import type { Placement } from "../api/library-types.js";
import { FieldIssues } from "../components/FieldIssues.js";
import { issuesAt } from "../forms/issues-at.js";
import { removeAt, replaceAt } from "../forms/list-edit.js";
import { newCapDraft, type CapDraft } from "./cap-draft.js";
import { CapEditor } from "./CapEditor.js";

const MAX_CAPS = 10;

interface CapsEditorProps {
  value: CapDraft[];
  placements: readonly Placement[];
  readOnly: boolean;
  issues: readonly ApiIssue[];
  onChange: (value: CapDraft[]) => void;
}

/** An offer's frequency caps (at most 10); the server's problems show at the field they concern. */
export function CapsEditor({ value, placements, readOnly, issues, onChange }: CapsEditorProps) {
  return (
    <fieldset>
      <legend>Caps ({value.length})</legend>
      <FieldIssues id="caps-errors" issues={issuesAt(issues, ["caps"])} />
      {value.length === 0 && <p>No caps: the offer may be proposed any number of times.</p>}
      {value.map((cap, i) => (
        <CapEditor
          key={i}
          index={i}
          value={cap}
          placements={placements}
          readOnly={readOnly}
          issues={issues}
          path={["caps", i]}
          onChange={(next) => onChange(replaceAt(value, i, next))}
          onRemove={() => onChange(removeAt(value, i))}
        />
      ))}
      {!readOnly && (
        <button
          type="button"
          className="secondary"
          disabled={value.length >= MAX_CAPS}
          onClick={() => onChange([...value, newCapDraft(value.length)])}
        >
          Add a cap
        </button>
      )}
    </fieldset>
  );
}
