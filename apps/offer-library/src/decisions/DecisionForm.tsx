import { useId, type ReactNode } from "react";
import type { ApiIssue } from "../api/api-error.js";
import type { Api } from "../api/api-client.js";
import { useLibraryList } from "../api/use-library-list.js";
import { FieldIssues, invalidProps } from "../components/FieldIssues.js";
import { fromLocalInput, issuesAt, toLocalInput } from "../forms/issues-at.js";
import { moveItem, removeAt, replaceAt } from "../forms/list-edit.js";
import { newScope, type NamedItem, type ScopeValue } from "./decision-shapes.js";
import { ScopeEditor } from "./ScopeEditor.js";

type Fields = Record<string, unknown>;

interface DecisionFormProps {
  api: Api;
  value: Fields;
  isNew: boolean;
  readOnly: boolean;
  issues: readonly ApiIssue[];
  onChange: (value: Fields) => void;
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** A decision: dates, scopes (placement + ordered criteria groups) and the fallback offer. */
export function DecisionForm({ api, value, isNew, readOnly, issues, onChange }: DecisionFormProps) {
  const id = useId();
  const placements = useLibraryList<NamedItem & { channel: string }>(api, "placements");
  const collections = useLibraryList<NamedItem>(api, "collections");
  const rules = useLibraryList<NamedItem & { expression: string }>(api, "rules");
  const formulas = useLibraryList<NamedItem & { expression: string }>(api, "ranking-formulas");
  const offers = useLibraryList<NamedItem & { kind: string; status: string }>(api, "offers");
  const fallbacks = offers.filter((o) => o.kind === "fallback");
  const scopes = Array.isArray(value.scopes) ? (value.scopes as ScopeValue[]) : [];
  const set = (field: string, v: unknown): void => {
    const next = { ...value };
    if (v === undefined) delete next[field];
    else next[field] = v;
    onChange(next);
  };
  const at = (...path: (string | number)[]): ApiIssue[] => issuesAt(issues, path);
  const fallbackId = text(value.fallbackOfferId);
  const lookups = { collections, rules, formulas };
  const field = (name: string, label: string, input: ReactNode) => (
    <label>
      {label}
      {input}
      <FieldIssues id={`${id}-${name}`} issues={at(name)} />
    </label>
  );

  return (
    <>
      <fieldset>
        <legend>Decision</legend>
        <div className="grid">
          {field(
            "id",
            "Id",
            <input
              value={text(value.id)}
              required
              readOnly={readOnly || !isNew}
              {...invalidProps(`${id}-id`, at("id"))}
              onChange={(e) => set("id", e.target.value)}
            />,
          )}
          {field(
            "name",
            "Name",
            <input
              value={text(value.name)}
              required
              readOnly={readOnly}
              {...invalidProps(`${id}-name`, at("name"))}
              onChange={(e) => set("name", e.target.value)}
            />,
          )}
          {field(
            "startDate",
            "Start date (inclusive)",
            <input
              type="datetime-local"
              value={toLocalInput(text(value.startDate))}
              readOnly={readOnly}
              {...invalidProps(`${id}-startDate`, at("startDate"))}
              onChange={(e) => set("startDate", fromLocalInput(e.target.value))}
            />,
          )}
          {field(
            "endDate",
            "End date (exclusive)",
            <input
              type="datetime-local"
              value={toLocalInput(text(value.endDate))}
              readOnly={readOnly}
              {...invalidProps(`${id}-endDate`, at("endDate"))}
              onChange={(e) => set("endDate", fromLocalInput(e.target.value))}
            />,
          )}
          {field(
            "fallbackOfferId",
            "Fallback offer",
            <select
              value={fallbackId}
              disabled={readOnly}
              {...invalidProps(`${id}-fallbackOfferId`, at("fallbackOfferId"))}
              onChange={(e) => set("fallbackOfferId", e.target.value)}
            >
              {!fallbacks.some((o) => o.id === fallbackId) && (
                <option value={fallbackId}>
                  {fallbackId === ""
                    ? "(choose a fallback offer)"
                    : `${fallbackId} (not a fallback offer)`}
                </option>
              )}
              {fallbacks.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.id})
                </option>
              ))}
            </select>,
          )}
          <label className="wide">
            Description
            <input
              value={text(value.description)}
              readOnly={readOnly}
              onChange={(e) =>
                set("description", e.target.value === "" ? undefined : e.target.value)
              }
            />
          </label>
        </div>
        {fallbacks.length === 0 && offers.length > 0 && (
          <p className="warning">
            The library has no fallback offer yet: create an offer of kind “fallback” first.
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>Scopes ({scopes.length})</legend>
        <FieldIssues id={`${id}-scopes`} issues={at("scopes")} />
        <ol className="plain">
          {scopes.map((scope, i) => (
            <ScopeEditor
              key={i}
              index={i}
              count={scopes.length}
              value={scope}
              placements={placements}
              lookups={lookups}
              readOnly={readOnly}
              issues={issues}
              path={["scopes", i]}
              onChange={(next) => set("scopes", replaceAt(scopes, i, next))}
              onMove={(by) => set("scopes", moveItem(scopes, i, by))}
              onRemove={() => set("scopes", removeAt(scopes, i))}
            />
          ))}
        </ol>
        {!readOnly && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              const used = new Set(scopes.map((s) => s.placementId));
              set("scopes", [
                ...scopes,
                newScope(placements.find((p) => !used.has(p.id))?.id ?? ""),
              ]);
            }}
          >
            Add a scope
          </button>
        )}
      </fieldset>
    </>
  );
}
