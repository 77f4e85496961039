import { useId, useState } from "react";
import type { ApiIssue } from "../api/api-error.js";
import type { Api } from "../api/api-client.js";
import { useLibraryList } from "../api/use-library-list.js";
import { FieldIssues, invalidProps } from "../components/FieldIssues.js";
import { TagListInput } from "../components/TagListInput.js";
import { issuesAt } from "../forms/issues-at.js";
import { removeAt, replaceAt } from "../forms/list-edit.js";
import {
  AttributeConditionEditor,
  type AttributeConditionValue,
} from "./AttributeConditionEditor.js";
import { CollectionPreviewPanel } from "./CollectionPreviewPanel.js";

export interface OfferChoice {
  id: string;
  name: string;
  status: string;
  kind: string;
}

type Fields = Record<string, unknown>;

interface CollectionFormProps {
  api: Api;
  value: Fields;
  isNew: boolean;
  readOnly: boolean;
  issues: readonly ApiIssue[];
  onChange: (value: Fields) => void;
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** A collection: a static pick list of offers, or a dynamic filter (tags, attribute conditions) with a live preview. */
export function CollectionForm({
  api,
  value,
  isNew,
  readOnly,
  issues,
  onChange,
}: CollectionFormProps) {
  const id = useId();
  const offers = useLibraryList<OfferChoice>(api, "offers");
  const [filter, setFilter] = useState("");
  const set = (field: string, v: unknown): void => onChange({ ...value, [field]: v });
  const kind = value.kind === "static" ? "static" : "dynamic";
  const conditions = Array.isArray(value.conditions)
    ? (value.conditions as AttributeConditionValue[])
    : [];
  const offerIds = strings(value.offerIds);
  const personalized = offers.filter((o) => o.kind !== "fallback");
  const shown = personalized.filter((o) =>
    `${o.name} ${o.id}`.toLowerCase().includes(filter.trim().toLowerCase()),
  );
  const at = (...path: (string | number)[]): ApiIssue[] => issuesAt(issues, path);

  const switchKind = (next: "static" | "dynamic"): void => {
    const { offerIds: _o, tagsAny: _a, tagsAll: _l, conditions: _c, ...common } = value;
    onChange(
      next === "static"
        ? { ...common, kind: next, offerIds: [] }
        : { ...common, kind: next, tagsAny: [] },
    );
  };
  const toggleOffer = (offerId: string): void =>
    set(
      "offerIds",
      offerIds.includes(offerId) ? offerIds.filter((x) => x !== offerId) : [...offerIds, offerId],
    );

  const { id: _id, name: _name, description: _d, status: _s, ...definition } = value;
  return (
    <>
      <fieldset>
        <legend>Collection</legend>
        <div className="grid">
          <label>
            Id
            <input
              value={text(value.id)}
              required
              readOnly={readOnly || !isNew}
              {...invalidProps(`${id}-id`, at("id"))}
              onChange={(e) => set("id", e.target.value)}
            />
            <FieldIssues id={`${id}-id`} issues={at("id")} />
          </label>
          <label>
            Name
            <input
              value={text(value.name)}
              required
              readOnly={readOnly}
              {...invalidProps(`${id}-name`, at("name"))}
              onChange={(e) => set("name", e.target.value)}
            />
            <FieldIssues id={`${id}-name`} issues={at("name")} />
          </label>
          <label className="wide">
            Description
            <input
              value={text(value.description)}
              readOnly={readOnly}
              onChange={(e) => set("description", e.target.value)}
            />
          </label>
        </div>
        <div className="radios" role="radiogroup" aria-label="Collection kind">
          <label>
            <input
              type="radio"
              name={`${id}-kind`}
              checked={kind === "static"}
              disabled={readOnly}
              onChange={() => switchKind("static")}
            />
            Static: a list of chosen offers
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-kind`}
              checked={kind === "dynamic"}
              disabled={readOnly}
              onChange={() => switchKind("dynamic")}
            />
            Dynamic: offers matching tags and attributes
          </label>
        </div>
      </fieldset>

      {kind === "static" ? (
        <fieldset>
          <legend>Offers in this collection ({offerIds.length})</legend>
          <label>
            Filter offers
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </label>
          <FieldIssues id={`${id}-offers`} issues={at("offerIds")} />
          <ul className="pick-list" aria-label="Offers to pick">
            {shown.map((o) => (
              <li key={o.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={offerIds.includes(o.id)}
                    disabled={readOnly}
                    onChange={() => toggleOffer(o.id)}
                  />
                  {o.name} <code>{o.id}</code>{" "}
                  <span className={`status status-${o.status}`}>{o.status}</span>
                </label>
              </li>
            ))}
            {shown.length === 0 && <li>No offer matches the filter.</li>}
          </ul>
        </fieldset>
      ) : (
        <fieldset>
          <legend>Matching offers</legend>
          <div className="grid">
            <TagListInput
              label="Has any of the tags (comma separated)"
              value={strings(value.tagsAny)}
              readOnly={readOnly}
              onChange={(tags) => set("tagsAny", tags)}
            />
            <TagListInput
              label="Has all of the tags (comma separated)"
              value={strings(value.tagsAll)}
              readOnly={readOnly}
              onChange={(tags) => set("tagsAll", tags)}
            />
          </div>
          <FieldIssues id={`${id}-filter`} issues={at()} />
          <h3>Attribute conditions (all must hold)</h3>
          <ul className="plain">
            {conditions.map((c, i) => (
              <AttributeConditionEditor
                key={i}
                index={i}
                value={c}
                readOnly={readOnly}
                issues={issues}
                path={["conditions", i]}
                onChange={(next) => set("conditions", replaceAt(conditions, i, next))}
                onRemove={() => set("conditions", removeAt(conditions, i))}
              />
            ))}
          </ul>
          {!readOnly && (
            <button
              type="button"
              className="secondary"
              onClick={() =>
                set("conditions", [...conditions, { attribute: "", op: "eq", value: "" }])
              }
            >
              Add condition
            </button>
          )}
        </fieldset>
      )}
      <CollectionPreviewPanel api={api} definition={definition} />
    </>
  );
}
