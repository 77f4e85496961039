import { useId } from "react";
import type { ApiIssue } from "../api/api-error.js";
import { FieldIssues, invalidProps } from "../components/FieldIssues.js";
import { issuesAt, type IssuePath } from "../forms/issues-at.js";
import { formatLiteral, parseLiteral, useSyncedText } from "../forms/use-synced-text.js";

export interface AttributeConditionValue {
  attribute: string;
  op: string;
  value?: unknown;
}

const OPS = [
  { op: "eq", label: "equals" },
  { op: "neq", label: "does not equal" },
  { op: "in", label: "is one of (JSON list)" },
  { op: "gt", label: ">" },
  { op: "gte", label: "≥" },
  { op: "lt", label: "<" },
  { op: "lte", label: "≤" },
  { op: "exists", label: "exists" },
];

interface AttributeConditionEditorProps {
  index: number;
  value: AttributeConditionValue;
  readOnly: boolean;
  issues: readonly ApiIssue[];
  path: IssuePath;
  onChange: (value: AttributeConditionValue) => void;
  onRemove: () => void;
}

/** One attribute condition of a dynamic collection: attribute, operator, value (a JSON literal or text). */
export function AttributeConditionEditor({
  index,
  value,
  readOnly,
  issues,
  path,
  onChange,
  onRemove,
}: AttributeConditionEditorProps) {
  const id = useId();
  const [valueText, update] = useSyncedText(value.value, formatLiteral, parseLiteral);
  const attributeIssues = issuesAt(issues, [...path, "attribute"]);
  const valueIssues = issuesAt(issues, [...path, "value"]);
  const setValue = (next: unknown): void => {
    const { value: _old, ...rest } = value;
    onChange(next === undefined ? rest : { ...rest, value: next });
  };
  return (
    <li className="list-item" data-testid={`condition-${index + 1}`}>
      <div className="grid">
        <label>
          Attribute (condition {index + 1})
          <input
            value={value.attribute}
            readOnly={readOnly}
            {...invalidProps(`${id}-attr`, attributeIssues)}
            onChange={(e) => onChange({ ...value, attribute: e.target.value })}
          />
          <FieldIssues id={`${id}-attr`} issues={attributeIssues} />
        </label>
        <label>
          Operator (condition {index + 1})
          <select
            value={value.op}
            disabled={readOnly}
            onChange={(e) => onChange({ ...value, op: e.target.value })}
          >
            {OPS.map((o) => (
              <option key={o.op} value={o.op}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        {value.op !== "exists" && (
          <label>
            Value (condition {index + 1})
            <input
              value={valueText}
              readOnly={readOnly}
              {...invalidProps(`${id}-value`, valueIssues)}
              onChange={(e) => setValue(update(e.target.value))}
            />
            <FieldIssues id={`${id}-value`} issues={valueIssues} />
          </label>
        )}
      </div>
      {!readOnly && (
        <button type="button" className="secondary small" onClick={onRemove}>
          Remove condition {index + 1}
        </button>
      )}
    </li>
  );
}
