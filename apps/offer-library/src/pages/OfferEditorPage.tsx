import { useEffect, useState, type FormEvent } from "react";
import { ApiError, type ApiIssue } from "../api/api-error.js";
import type { Offer, Page, Placement, Rule } from "../api/library-types.js";
import type { Session } from "../api/session.js";
import { navigate } from "../app/use-hash-route.js";
import { ConflictNotice } from "../components/ConflictNotice.js";
import { CapsEditor } from "../caps/CapsEditor.js";
import { ErrorMessage } from "../components/ErrorMessage.js";
import { ExpressionTester } from "../components/ExpressionTester.js";
import { RepresentationEditor } from "../components/RepresentationEditor.js";
import { RuleEditor } from "../components/RuleEditor.js";
import { issuesStillApplying } from "../forms/issues-at.js";
import { isPathPrefix } from "../offers/issue-span.js";
import {
  DraftError,
  draftFromOffer,
  emptyDraft,
  emptyRepresentation,
  offerPayload,
  type OfferDraft,
} from "../offers/offer-draft.js";

type Transition = "approve" | "unapprove" | "archive";
const TRANSITIONS: { action: Transition; label: string; from: Offer["status"][] }[] = [
  { action: "approve", label: "Approve", from: ["draft"] },
  { action: "unapprove", label: "Back to draft", from: ["approved"] },
  { action: "archive", label: "Archive", from: ["draft", "approved"] },
];

export function OfferEditorPage({
  session,
  offerId,
}: {
  session: Session;
  offerId: string | undefined;
}) {
  const { api } = session;
  const isNew = offerId === undefined;
  const [original, setOriginal] = useState<Offer | undefined>();
  const [draft, setDraft] = useState<OfferDraft>(emptyDraft);
  const [placements, setPlacements] = useState<Placement[]>([]);
  const [rules, setRules] = useState<Rule[]>([]);
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState<Offer | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // The body of the last save: a cap field's message is shown only while it still holds what was sent.
  const [sent, setSent] = useState<Record<string, unknown> | undefined>();
  const readOnly = !session.canWrite;

  useEffect(() => {
    void api
      .get<Page<Placement>>("/v1/placements?limit=500")
      .then((p) => setPlacements(p.items), setError);
    void api.get<Page<Rule>>("/v1/rules?limit=500").then((p) => setRules(p.items), setError);
    if (offerId !== undefined) {
      api.get<Offer>(`/v1/offers/${encodeURIComponent(offerId)}`).then(load, setError);
    }
  }, [api, offerId]);

  function load(offer: Offer): void {
    setOriginal(offer);
    setDraft(draftFromOffer(offer));
  }

  const set = <K extends keyof OfferDraft>(field: K, value: OfferDraft[K]): void =>
    setDraft((d) => ({ ...d, [field]: value }));

  async function save(etag: string | undefined): Promise<void> {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const body = offerPayload(draft, original);
      setSent(body);
      const result = isNew
        ? await api.request<Offer>("POST", "/v1/offers", { body })
        : await api.request<Offer>(
            "PUT",
            `/v1/offers/${encodeURIComponent(original?.id ?? offerId)}`,
            { body, ...(etag ? { ifMatch: etag } : {}) },
          );
      setConflict(undefined);
      load(result.body);
      setNotice(`Saved “${result.body.name}”.`);
      if (isNew) navigate("offers", result.body.id);
    } catch (e) {
      await handleWriteError(e);
    } finally {
      setBusy(false);
    }
  }

  async function handleWriteError(e: unknown): Promise<void> {
    if (e instanceof DraftError) {
      setError(e);
      return;
    }
    if (e instanceof ApiError && e.status === 412 && offerId !== undefined) {
      try {
        setConflict(await api.get<Offer>(`/v1/offers/${encodeURIComponent(offerId)}`));
      } catch (inner) {
        setError(inner);
      }
      return;
    }
    setError(e);
  }

  async function transition(action: Transition): Promise<void> {
    if (!original) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const result = await api.request<Offer>(
        "POST",
        `/v1/offers/${encodeURIComponent(original.id)}/${action}`,
        original.etag ? { ifMatch: original.etag } : {},
      );
      setOriginal(result.body);
      setNotice(`Status is now ${result.body.status}.`);
    } catch (e) {
      await handleWriteError(e);
    } finally {
      setBusy(false);
    }
  }

  async function duplicate(): Promise<void> {
    if (!original) return;
    setBusy(true);
    setError(undefined);
    try {
      const copy = await api.request<Offer>(
        "POST",
        `/v1/offers/${encodeURIComponent(original.id)}/duplicate`,
        { body: {} },
      );
      navigate("offers", copy.body.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void save(original?.etag);
  };

  const issues: ApiIssue[] = error instanceof ApiError ? error.issues : [];
  const ruleIssues = issues.filter((i) => isPathPrefix(["eligibility"], i.path));
  const otherIssues = issues.filter((i) => !isPathPrefix(["eligibility"], i.path));
  const status = original?.status ?? "draft";

  if (!isNew && !original && error) return <ErrorMessage error={error} />;
  if (!isNew && !original) return <p role="status">Loading…</p>;

  return (
    <section aria-labelledby="editor-title">
      <p>
        <a href="#/offers">← All offers</a>
      </p>
      <h1 id="editor-title">{isNew ? "New offer" : `Offer: ${original?.name ?? ""}`}</h1>
      {!isNew && (
        <p>
          Status:{" "}
          <span className={`status status-${status}`} data-testid="offer-status">
            {status}
          </span>
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {conflict && (
        <ConflictNotice
          current={conflict}
          onOverwrite={() => void save(conflict.etag)}
          onLoadTheirs={() => {
            load(conflict);
            setConflict(undefined);
          }}
        />
      )}
      {error !== undefined &&
        (ruleIssues.length > 0 ? (
          <div role="alert" className="error">
            <p>Not saved: the eligibility rule has errors (shown at the rule below).</p>
            {otherIssues.length > 0 && (
              <ul>
                {otherIssues.map((issue, i) => (
                  <li key={i}>
                    <code>{issue.path.join(".")}</code> {issue.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <ErrorMessage error={error} />
        ))}

      {!readOnly && !isNew && original && (
        <div className="actions" role="group" aria-label="Status transitions">
          {TRANSITIONS.filter((t) => t.from.includes(status)).map((t) => (
            <button
              key={t.action}
              type="button"
              disabled={busy}
              onClick={() => void transition(t.action)}
            >
              {t.label}
            </button>
          ))}
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void duplicate()}
          >
            Duplicate
          </button>
        </div>
      )}

      <form onSubmit={submit} aria-label="Offer">
        <fieldset>
          <legend>General</legend>
          <div className="grid">
            <label>
              Id
              <input
                value={draft.id}
                required
                readOnly={readOnly || !isNew}
                pattern="[A-Za-z0-9][A-Za-z0-9_.:\-]*"
                onChange={(e) => set("id", e.target.value)}
              />
            </label>
            <label>
              Name
              <input
                value={draft.name}
                required
                readOnly={readOnly}
                onChange={(e) => set("name", e.target.value)}
              />
            </label>
            <label>
              Kind
              <select
                value={draft.kind}
                disabled={readOnly || !isNew}
                onChange={(e) => set("kind", e.target.value as OfferDraft["kind"])}
              >
                <option value="personalized">personalized</option>
                <option value="fallback">fallback</option>
              </select>
            </label>
            <label>
              Tags (comma separated)
              <input
                value={draft.tags}
                readOnly={readOnly}
                onChange={(e) => set("tags", e.target.value)}
              />
            </label>
            {draft.kind === "personalized" && (
              <>
                <label>
                  Priority
                  <input
                    type="number"
                    min={0}
                    step={1}
                    value={draft.priority}
                    readOnly={readOnly}
                    onChange={(e) => set("priority", e.target.value)}
                  />
                </label>
                <label>
                  Start date (inclusive)
                  <input
                    type="datetime-local"
                    value={draft.startDate}
                    readOnly={readOnly}
                    onChange={(e) => set("startDate", e.target.value)}
                  />
                </label>
                <label>
                  End date (exclusive)
                  <input
                    type="datetime-local"
                    value={draft.endDate}
                    readOnly={readOnly}
                    onChange={(e) => set("endDate", e.target.value)}
                  />
                </label>
              </>
            )}
            <label className="wide">
              Description
              <textarea
                rows={2}
                value={draft.description}
                readOnly={readOnly}
                onChange={(e) => set("description", e.target.value)}
              />
            </label>
          </div>
        </fieldset>

        {draft.kind === "personalized" && (
          <fieldset>
            <legend>Eligibility</legend>
            <div className="radios">
              {(["none", "expression", "rule"] as const).map((mode) => (
                <label key={mode}>
                  <input
                    type="radio"
                    name="eligibility"
                    value={mode}
                    checked={draft.eligibilityMode === mode}
                    disabled={readOnly}
                    onChange={() => set("eligibilityMode", mode)}
                  />
                  {mode === "none"
                    ? "Everyone"
                    : mode === "expression"
                      ? "Rule expression (CEL)"
                      : "Library rule"}
                </label>
              ))}
            </div>
            {draft.eligibilityMode === "expression" && (
              <>
                <RuleEditor
                  label="Eligibility rule (CEL)"
                  value={draft.expression}
                  readOnly={readOnly}
                  issues={ruleIssues}
                  onChange={(v) => set("expression", v)}
                />
                <ExpressionTester
                  api={api}
                  kind="rule"
                  expression={draft.expression}
                  offers={original ? [original] : []}
                  defaultOfferId={original?.id}
                />
              </>
            )}
            {draft.eligibilityMode === "rule" && (
              <label>
                Library rule
                <select
                  value={draft.ruleId}
                  disabled={readOnly}
                  onChange={(e) => set("ruleId", e.target.value)}
                >
                  <option value="">(choose)</option>
                  {rules.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}: {r.expression}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </fieldset>
        )}

        <fieldset>
          <legend>Attributes</legend>
          <label>
            Attributes (JSON object, read by rules and formulas as offer.attributes)
            <textarea
              className="code"
              rows={4}
              spellCheck={false}
              value={draft.attributes}
              readOnly={readOnly}
              onChange={(e) => set("attributes", e.target.value)}
            />
          </label>
        </fieldset>

        {draft.kind === "personalized" && (
          <CapsEditor
            value={draft.caps}
            placements={placements}
            readOnly={readOnly}
            issues={issuesStillApplying(issues, sent, currentPayload(draft, original))}
            onChange={(caps) => set("caps", caps)}
          />
        )}

        <fieldset>
          <legend>Representations</legend>
          {draft.representations.length === 0 && (
            <p>No content yet: add one representation per placement.</p>
          )}
          {draft.representations.map((r, i) => (
            <RepresentationEditor
              key={i}
              index={i}
              value={r}
              placements={placements}
              readOnly={readOnly}
              onChange={(next) =>
                set(
                  "representations",
                  draft.representations.map((x, j) => (j === i ? next : x)),
                )
              }
              onRemove={() =>
                set(
                  "representations",
                  draft.representations.filter((_, j) => j !== i),
                )
              }
            />
          ))}
          {!readOnly && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                const used = new Set(draft.representations.map((r) => r.placementId));
                const next = placements.find((p) => !used.has(p.id)) ?? placements[0];
                set("representations", [
                  ...draft.representations,
                  emptyRepresentation(next?.id ?? "", next?.contentType),
                ]);
              }}
            >
              Add representation
            </button>
          )}
        </fieldset>

        {!readOnly && (
          <div className="actions">
            <button type="submit" disabled={busy}>
              {isNew ? "Create offer" : "Save changes"}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}

/** The body a save would send now (undefined while the draft cannot be sent, e.g. invalid JSON). */
function currentPayload(
  draft: OfferDraft,
  original: Offer | undefined,
): Record<string, unknown> | undefined {
  try {
    return offerPayload(draft, original);
  } catch {
    return undefined;
  }
}
