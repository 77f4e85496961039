import { useEffect, useState, type FormEvent } from "react";
import { ApiError } from "../api/api-error.js";
import type { Session } from "../api/session.js";
import { navigate } from "../app/use-hash-route.js";
import { useLibraryList } from "../api/use-library-list.js";
import { CollectionForm } from "../collections/CollectionForm.js";
import { ErrorMessage } from "../components/ErrorMessage.js";
import { ExpressionTester } from "../components/ExpressionTester.js";
import { DecisionForm } from "../decisions/DecisionForm.js";
import { PlacementForm } from "../placements/PlacementForm.js";
import { JsonConflictNotice } from "../components/JsonConflictNotice.js";
import { RuleEditor } from "../components/RuleEditor.js";
import { issuesStillApplying } from "../forms/issues-at.js";
import { isPathPrefix } from "../offers/issue-span.js";
import { withoutMeta, type ResourceKind } from "../resources/resource-kinds.js";

function asText(value: unknown): string {
  return typeof value === "string" ? value : "";
}

type Item = Record<string, unknown> & {
  id?: string;
  name?: string;
  etag?: string;
  status?: string;
  expression?: string;
};

interface ResourceEditorPageProps {
  session: Session;
  kind: ResourceKind;
  /** undefined: a new object. */
  id: string | undefined;
}

/**
 * Create / edit one library object. Rules and formulas get a form with a CEL field that shows the
 * server's errors at their position and evaluates on a sample; placements, collections and
 * decisions have their own forms.
 */
export function ResourceEditorPage({ session, kind, id }: ResourceEditorPageProps) {
  const { api } = session;
  const isNew = id === undefined;
  const readOnly = !session.canWrite;
  const [original, setOriginal] = useState<Item | undefined>();
  const [fields, setFields] = useState<Item>(() => ({ ...kind.template }));
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState<Item | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // The body of the last save: field issues are shown only while their field still holds what was sent.
  const [sent, setSent] = useState<Record<string, unknown> | undefined>();
  // Rules and formulas are tried on a sample offer too (formulas read offer.priority, offer.attributes…).
  const offers = useLibraryList<{ id: string; name: string }>(
    api,
    kind.expression ? "offers" : undefined,
  );
  const path = (itemId: string): string => `/v1/${kind.segment}/${encodeURIComponent(itemId)}`;

  useEffect(() => {
    if (id !== undefined) api.get<Item>(path(id)).then(load, setError);
  }, [api, id, kind]);

  function load(item: Item): void {
    setOriginal(item);
    setFields(withoutMeta(item));
  }

  // Forms edit the whole object; the rule / formula form keeps fields it does not show.
  const body = (): Record<string, unknown> =>
    kind.form ? fields : { ...withoutMeta(original ?? {}), ...fields };

  async function run(action: () => Promise<Item>, message: (item: Item) => string): Promise<void> {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const item = await action();
      setConflict(undefined);
      load(item);
      setNotice(message(item));
    } catch (e) {
      if (e instanceof ApiError && e.status === 412 && id !== undefined) {
        api.get<Item>(path(id)).then(setConflict, setError);
      } else setError(e);
    } finally {
      setBusy(false);
    }
  }

  const save = (etag: string | undefined): Promise<void> =>
    run(
      async () => {
        const payload = body();
        setSent(payload);
        if (isNew) {
          const created = (
            await api.request<Item>("POST", `/v1/${kind.segment}`, { body: payload })
          ).body;
          if (created.id) navigate(kind.segment, created.id);
          return created;
        }
        return (
          await api.request<Item>("PUT", path(id), {
            body: payload,
            ...(etag ? { ifMatch: etag } : {}),
          })
        ).body;
      },
      (item) => `Saved “${item.name ?? item.id ?? ""}”.`,
    );

  const transition = (action: string): Promise<void> =>
    run(
      async () =>
        (
          await api.request<Item>(
            "POST",
            `${path(id ?? "")}/${action}`,
            original?.etag ? { ifMatch: original.etag } : {},
          )
        ).body,
      (item) => `Status is now ${item.status ?? "?"}.`,
    );

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void save(original?.etag);
  };

  const allIssues = error instanceof ApiError ? error.issues : [];
  // Field messages go away once that field is edited; the summary above the form keeps them all.
  const issues = kind.form ? issuesStillApplying(allIssues, sent, fields) : allIssues;
  const expressionIssues = kind.expression
    ? issues.filter((i) => isPathPrefix(["expression"], i.path))
    : [];
  if (!isNew && !original)
    return error ? <ErrorMessage error={error} /> : <p role="status">Loading…</p>;
  const set = (field: string, value: string): void => setFields((f) => ({ ...f, [field]: value }));
  const title = isNew
    ? `New ${kind.singular}`
    : `${kind.singular[0]?.toUpperCase() ?? ""}${kind.singular.slice(1)}: ${original?.name ?? ""}`;

  return (
    <section aria-labelledby="resource-title">
      <p>
        <a href={`#/${kind.segment}`}>← All {kind.title.toLowerCase()}</a>
      </p>
      <h1 id="resource-title">{title}</h1>
      {original?.status && (
        <p>
          Status: <span className={`status status-${original.status}`}>{original.status}</span>
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {conflict && (
        <JsonConflictNotice
          singular={kind.singular}
          current={conflict}
          onOverwrite={() => void save(conflict.etag)}
          onLoadTheirs={() => {
            load(conflict);
            setConflict(undefined);
          }}
        />
      )}
      {expressionIssues.length > 0 ? (
        <p role="alert" className="error">
          Not saved: the expression has errors (shown at the expression below).
        </p>
      ) : (
        <ErrorMessage error={error} />
      )}
      {!readOnly && !isNew && kind.transitions && (
        <div className="actions" role="group" aria-label="Status transitions">
          {kind.transitions
            .filter((t) => t.from.includes(original?.status ?? ""))
            .map((t) => (
              <button
                key={t.action}
                type="button"
                disabled={busy}
                onClick={() => void transition(t.action)}
              >
                {t.label}
              </button>
            ))}
        </div>
      )}
      <form onSubmit={submit} aria-label={kind.singular}>
        {kind.form === "placement" ? (
          <PlacementForm
            value={fields}
            isNew={isNew}
            readOnly={readOnly}
            issues={issues}
            onChange={setFields}
          />
        ) : kind.form === "collection" ? (
          <CollectionForm
            api={api}
            value={fields}
            isNew={isNew}
            readOnly={readOnly}
            issues={issues}
            onChange={setFields}
          />
        ) : kind.form === "decision" ? (
          <DecisionForm
            api={api}
            value={fields}
            isNew={isNew}
            readOnly={readOnly}
            issues={issues}
            onChange={setFields}
          />
        ) : kind.expression !== undefined ? (
          <fieldset>
            <legend>{kind.expression === "rule" ? "Rule" : "Ranking formula"}</legend>
            <div className="grid">
              <label>
                Id
                <input
                  value={asText(fields.id)}
                  required
                  readOnly={readOnly || !isNew}
                  onChange={(e) => set("id", e.target.value)}
                />
              </label>
              <label>
                Name
                <input
                  value={asText(fields.name)}
                  required
                  readOnly={readOnly}
                  onChange={(e) => set("name", e.target.value)}
                />
              </label>
              <label className="wide">
                Description
                <input
                  value={asText(fields.description)}
                  readOnly={readOnly}
                  onChange={(e) => set("description", e.target.value)}
                />
              </label>
            </div>
            <RuleEditor
              label={
                kind.expression === "rule"
                  ? "Expression (CEL, boolean)"
                  : "Expression (CEL, number)"
              }
              value={asText(fields.expression)}
              readOnly={readOnly}
              issues={expressionIssues}
              onChange={(v) => set("expression", v)}
            />
            <ExpressionTester
              api={api}
              kind={kind.expression}
              expression={asText(fields.expression)}
              offers={offers}
            />
          </fieldset>
        ) : null}
        {!readOnly && (
          <div className="actions">
            <button type="submit" disabled={busy}>
              {isNew ? `Create ${kind.singular}` : "Save changes"}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
