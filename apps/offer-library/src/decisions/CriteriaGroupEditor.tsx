import type { ApiIssue } from "../api/api-error.js";
import { MoveControls } from "../components/MoveControls.js";
import type { IssuePath } from "../forms/issues-at.js";
import { moveItem, removeAt, replaceAt } from "../forms/list-edit.js";
import { CriterionEditor, type CriterionLookups } from "./CriterionEditor.js";
import { newCriterion, type CriteriaGroupValue } from "./decision-shapes.js";

interface CriteriaGroupEditorProps {
  scopeIndex: number;
  index: number;
  count: number;
  value: CriteriaGroupValue;
  lookups: CriterionLookups;
  readOnly: boolean;
  issues: readonly ApiIssue[];
  path: IssuePath;
  onChange: (value: CriteriaGroupValue) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** One ordered criteria group: its criteria are pooled and ranked together; groups are tried in order. */
export function CriteriaGroupEditor({
  scopeIndex,
  index,
  count,
  value,
  lookups,
  readOnly,
  issues,
  path,
  onChange,
  onMove,
  onRemove,
}: CriteriaGroupEditorProps) {
  const groupName = `group ${index + 1} of scope ${scopeIndex + 1}`;
  const criteria = value.criteria;
  return (
    <li
      className="list-item"
      data-testid={`scope-${scopeIndex + 1}-group-${index + 1}`}
      aria-label={`Criteria ${groupName}`}
    >
      <div className="list-item-header">
        <h4>
          Group {index + 1} {index === 0 ? "(tried first)" : ""}
        </h4>
        <MoveControls
          what={`group ${index + 1}`}
          idBase={`scope-${scopeIndex}-group`}
          index={index}
          count={count}
          readOnly={readOnly}
          onMove={onMove}
          onRemove={onRemove}
          canRemove={count > 1}
        />
      </div>
      <ol className="plain">
        {criteria.map((criterion, i) => (
          <li key={i} className="list-item">
            <div className="list-item-header">
              <h4>Criterion {i + 1}</h4>
              <MoveControls
                what={`criterion ${i + 1} of group ${index + 1}`}
                idBase={`scope-${scopeIndex}-group-${index}-criterion`}
                index={i}
                count={criteria.length}
                readOnly={readOnly}
                onMove={(by) => onChange({ criteria: moveItem(criteria, i, by) })}
                onRemove={() => onChange({ criteria: removeAt(criteria, i) })}
                canRemove={criteria.length > 1}
              />
            </div>
            <CriterionEditor
              title={`criterion ${i + 1}, ${groupName}`}
              value={criterion}
              lookups={lookups}
              readOnly={readOnly}
              issues={issues}
              path={[...path, "criteria", i]}
              onChange={(next) => onChange({ criteria: replaceAt(criteria, i, next) })}
            />
          </li>
        ))}
      </ol>
      {!readOnly && (
        <button
          type="button"
          className="secondary small"
          onClick={() => onChange({ criteria: [...criteria, newCriterion()] })}
        >
          Add a criterion to group {index + 1}
        </button>
      )}
    </li>
  );
}
