import { useId } from "react";
import type { ApiIssue } from "../api/api-error.js";
import { FieldIssues, invalidProps } from "../components/FieldIssues.js";
import { MoveControls } from "../components/MoveControls.js";
import { issuesAt, type IssuePath } from "../forms/issues-at.js";
import { moveItem, removeAt, replaceAt } from "../forms/list-edit.js";
import { CriteriaGroupEditor } from "./CriteriaGroupEditor.js";
import type { CriterionLookups } from "./CriterionEditor.js";
import { newGroup, type NamedItem, type ScopeValue } from "./decision-shapes.js";

interface ScopeEditorProps {
  index: number;
  count: number;
  value: ScopeValue;
  placements: readonly (NamedItem & { channel?: string })[];
  lookups: CriterionLookups;
  readOnly: boolean;
  issues: readonly ApiIssue[];
  path: IssuePath;
  onChange: (value: ScopeValue) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** One scope of a decision: a placement and its ordered criteria groups. */
export function ScopeEditor({
  index,
  count,
  value,
  placements,
  lookups,
  readOnly,
  issues,
  path,
  onChange,
  onMove,
  onRemove,
}: ScopeEditorProps) {
  const id = useId();
  const placementIssues = issuesAt(issues, [...path, "placementId"]);
  const known = placements.some((p) => p.id === value.placementId);
  const groups = value.groups;
  return (
    <li className="list-item" data-testid={`scope-${index + 1}`}>
      <div className="list-item-header">
        <h3>Scope {index + 1}</h3>
        <MoveControls
          what={`scope ${index + 1}`}
          idBase="scope"
          index={index}
          count={count}
          readOnly={readOnly}
          onMove={onMove}
          onRemove={onRemove}
          canRemove={count > 1}
        />
      </div>
      <label>
        Placement (scope {index + 1})
        <select
          value={value.placementId}
          disabled={readOnly}
          {...invalidProps(`${id}-placement`, placementIssues)}
          onChange={(e) => onChange({ ...value, placementId: e.target.value })}
        >
          {!known && (
            <option value={value.placementId}>
              {value.placementId === "" ? "(choose)" : `${value.placementId} (unknown)`}
            </option>
          )}
          {placements.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.id}
              {p.channel ? `, ${p.channel}` : ""})
            </option>
          ))}
        </select>
        <FieldIssues id={`${id}-placement`} issues={placementIssues} />
      </label>
      <ol className="plain" aria-label={`Criteria groups of scope ${index + 1}`}>
        {groups.map((group, g) => (
          <CriteriaGroupEditor
            key={g}
            scopeIndex={index}
            index={g}
            count={groups.length}
            value={group}
            lookups={lookups}
            readOnly={readOnly}
            issues={issues}
            path={[...path, "groups", g]}
            onChange={(next) => onChange({ ...value, groups: replaceAt(groups, g, next) })}
            onMove={(by) => onChange({ ...value, groups: moveItem(groups, g, by) })}
            onRemove={() => onChange({ ...value, groups: removeAt(groups, g) })}
          />
        ))}
      </ol>
      {!readOnly && (
        <button
          type="button"
          className="secondary small"
          onClick={() => onChange({ ...value, groups: [...groups, newGroup()] })}
        >
          Add a criteria group to scope {index + 1}
        </button>
      )}
    </li>
  );
}
