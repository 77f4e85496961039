import { useId, type ReactNode } from "react";
import type { ApiIssue } from "../api/api-error.js";
import type { Placement } from "../api/library-types.js";
import { FieldIssues, invalidProps } from "../components/FieldIssues.js";
import { issuesAt, type IssuePath } from "../forms/issues-at.js";
import { WEEKDAYS, type CapDraft } from "./cap-draft.js";

interface CapEditorProps {
  index: number;
  value: CapDraft;
  placements: readonly Placement[];
  readOnly: boolean;
  issues: readonly ApiIssue[];
  /** Where this cap's issues point, e.g. ["caps", 0]. */
  path: IssuePath;
  onChange: (value: CapDraft) => void;
  onRemove: () => void;
}

/** One frequency cap: event, per profile or global, limit, window (none / calendar / rolling), placements. */
export function CapEditor({
  index,
  value,
  placements,
  readOnly,
  issues,
  path,
  onChange,
  onRemove,
}: CapEditorProps) {
  const id = useId();
  const n = index + 1;
  const set = <K extends keyof CapDraft>(field: K, v: CapDraft[K]): void =>
    onChange({ ...value, [field]: v });
  const field = (
    issuePath: (string | number)[],
    label: string,
    render: (props: ReturnType<typeof invalidProps>) => ReactNode,
  ) => {
    const found = issuesAt(issues, [...path, ...issuePath]);
    const errorId = `${id}-${issuePath.join("-")}`;
    return (
      <label>
        {label}
        {render(invalidProps(errorId, found))}
        <FieldIssues id={errorId} issues={found} />
      </label>
    );
  };
  const togglePlacement = (placementId: string): void =>
    set(
      "placementIds",
      value.placementIds.includes(placementId)
        ? value.placementIds.filter((p) => p !== placementId)
        : [...value.placementIds, placementId],
    );
  const otherIssues = issuesAt(issues, path);

  return (
    <fieldset className="list-item" data-testid={`cap-${n}`}>
      <legend>Cap {n}</legend>
      <FieldIssues id={`${id}-cap`} issues={otherIssues} />
      <div className="grid">
        {field(["id"], `Cap id (cap ${n})`, (p) => (
          <input
            value={value.id}
            readOnly={readOnly}
            {...p}
            onChange={(e) => set("id", e.target.value)}
          />
        ))}
        {field(["event"], `Counted event (cap ${n})`, (p) => (
          <select
            value={value.event}
            disabled={readOnly}
            {...p}
            onChange={(e) => set("event", e.target.value as CapDraft["event"])}
          >
            <option value="decision">decision (reserved when proposed)</option>
            <option value="display">display</option>
            <option value="interact">interact (click)</option>
            <option value="custom">custom event</option>
          </select>
        ))}
        {value.event === "custom" &&
          field(["event", "custom"], `Custom event name (cap ${n})`, (p) => (
            <input
              value={value.customEvent}
              readOnly={readOnly}
              {...p}
              onChange={(e) => set("customEvent", e.target.value)}
            />
          ))}
        {field(["scope"], `Counted per (cap ${n})`, (p) => (
          <select
            value={value.scope}
            disabled={readOnly}
            {...p}
            onChange={(e) => set("scope", e.target.value as CapDraft["scope"])}
          >
            <option value="profile">profile</option>
            <option value="global">everyone (global)</option>
          </select>
        ))}
        {field(["limit"], `Limit (cap ${n})`, (p) => (
          <input
            type="number"
            min={1}
            step={1}
            value={value.limit}
            readOnly={readOnly}
            {...p}
            onChange={(e) => set("limit", e.target.value)}
          />
        ))}
        {field(["window"], `Window (cap ${n})`, (p) => (
          <select
            value={value.window}
            disabled={readOnly}
            {...p}
            onChange={(e) => set("window", e.target.value as CapDraft["window"])}
          >
            <option value="none">none (the offer's whole life)</option>
            <option value="calendar">calendar (day / week / month)</option>
            <option value="rolling">rolling (a duration)</option>
          </select>
        ))}
        {value.window === "calendar" && (
          <>
            {field(["window", "unit"], `Calendar unit (cap ${n})`, (p) => (
              <select
                value={value.unit}
                disabled={readOnly}
                {...p}
                onChange={(e) => set("unit", e.target.value as CapDraft["unit"])}
              >
                <option value="day">day</option>
                <option value="week">week</option>
                <option value="month">month</option>
              </select>
            ))}
            {field(["window", "count"], `Number of units (cap ${n})`, (p) => (
              <input
                type="number"
                min={1}
                step={1}
                value={value.count}
                readOnly={readOnly}
                {...p}
                onChange={(e) => set("count", e.target.value)}
              />
            ))}
            {field(["window", "timeZone"], `Time zone (cap ${n})`, (p) => (
              <input
                value={value.timeZone}
                readOnly={readOnly}
                {...p}
                onChange={(e) => set("timeZone", e.target.value)}
              />
            ))}
            {value.unit === "week" &&
              field(["window", "weekStart"], `Weeks start on (cap ${n})`, (p) => (
                <select
                  value={value.weekStart}
                  disabled={readOnly}
                  {...p}
                  onChange={(e) => set("weekStart", e.target.value as CapDraft["weekStart"])}
                >
                  {WEEKDAYS.map((d) => (
                    <option key={d} value={d}>
                      {d}
                    </option>
                  ))}
                </select>
              ))}
          </>
        )}
        {value.window === "rolling" &&
          field(["window", "duration"], `Duration, ISO 8601 like P7D or PT12H (cap ${n})`, (p) => (
            <input
              value={value.duration}
              readOnly={readOnly}
              {...p}
              onChange={(e) => set("duration", e.target.value)}
            />
          ))}
        {field(["placements"], `Placements (cap ${n})`, (p) => (
          <select
            value={value.placements}
            disabled={readOnly}
            {...p}
            onChange={(e) => set("placements", e.target.value as CapDraft["placements"])}
          >
            <option value="all">all: one counter across placements</option>
            <option value="each">each: one counter per placement</option>
            <option value="list">only these placements</option>
          </select>
        ))}
      </div>
      {value.placements === "list" && (
        <fieldset>
          <legend>Placements counted by cap {n}</legend>
          {placements.map((pl) => (
            <label key={pl.id} className="checkbox">
              <input
                type="checkbox"
                checked={value.placementIds.includes(pl.id)}
                disabled={readOnly}
                onChange={() => togglePlacement(pl.id)}
              />
              {pl.name} ({pl.id})
            </label>
          ))}
        </fieldset>
      )}
      {!readOnly && (
        <button type="button" className="secondary small" onClick={onRemove}>
          Remove cap {n}
        </button>
      )}
    </fieldset>
  );
}
