import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { Decision, DecisionResponse, Page } from "../api/library-types.js";
import type { Session } from "../api/session.js";
import { ErrorMessage } from "../components/ErrorMessage.js";
import { PropositionView } from "../components/PropositionView.js";
import { TraceTable } from "../components/TraceTable.js";
import { useLibraryList } from "../api/use-library-list.js";
import { SavedProfilesPicker } from "../simulate/SavedProfilesPicker.js";
import { simulateRequest, type ScopeChoice } from "../simulate/simulate-request.js";
import { WhyNotOfferPanel } from "../simulate/WhyNotOfferPanel.js";

const SAMPLE_PROFILE = `{
  "id": "sample-profile",
  "attributes": { "age": 30 }
}`;

export function SimulatePage({ session }: { session: Session }) {
  const [decisions, setDecisions] = useState<Decision[]>([]);
  const [profile, setProfile] = useState(SAMPLE_PROFILE);
  const [context, setContext] = useState("{}");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<DecisionResponse | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const offers = useLibraryList<{ id: string; name: string; kind: string; status: string }>(
    session.api,
    "offers",
  );

  useEffect(() => {
    session.api
      .get<Page<Decision>>("/v1/decision-configs?limit=500")
      .then((p) => setDecisions(p.items), setError);
  }, [session]);

  const choices = useMemo<ScopeChoice[]>(
    () =>
      decisions.flatMap((d) =>
        d.scopes.map((s) => ({
          decisionId: d.id,
          placementId: s.placementId,
          label: `${d.name} (${d.id}, ${d.status}) → ${s.placementId}`,
        })),
      ),
    [decisions],
  );
  const keyOf = (c: ScopeChoice): string => `${c.decisionId}/${c.placementId}`;

  const toggle = (key: string): void =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = simulateRequest(
        profile,
        context,
        choices.filter((c) => chosen.has(keyOf(c))),
      );
      setResult(
        (await session.api.request<DecisionResponse>("POST", "/v1/simulate", { body })).body,
      );
    } catch (e) {
      setResult(undefined);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="simulate-title">
      <h1 id="simulate-title">Simulate a decision</h1>
      <p>A dry run with a full trace: no caps are reserved and no event is stored.</p>
      <form onSubmit={(e) => void submit(e)} aria-label="Simulation input">
        <div className="grid">
          <label className="wide-half">
            Profile (JSON)
            <textarea
              className="code"
              rows={8}
              spellCheck={false}
              value={profile}
              onChange={(e) => setProfile(e.target.value)}
            />
          </label>
          <label className="wide-half">
            Context (JSON)
            <textarea
              className="code"
              rows={8}
              spellCheck={false}
              value={context}
              onChange={(e) => setContext(e.target.value)}
            />
          </label>
        </div>
        <SavedProfilesPicker current={profile} onPick={setProfile} />
        <fieldset>
          <legend>Decision scopes</legend>
          {choices.length === 0 && <p>No decisions in the library yet.</p>}
          {choices.map((c) => (
            <label key={keyOf(c)} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.has(keyOf(c))}
                onChange={() => toggle(keyOf(c))}
              />
              {c.label}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          Simulate
        </button>
      </form>
      <ErrorMessage error={error} />
      {result && (
        <section aria-labelledby="result-title" className="result">
          <h2 id="result-title">Result (library version {result.libraryVersion})</h2>
          {result.errors.map((e) => (
            <p key={`${e.decisionId}/${e.placementId}`} role="alert" className="error">
              {e.decisionId} / {e.placementId}: {e.code}: {e.message}
            </p>
          ))}
          {result.propositions.map((p) => (
            <PropositionView key={p.id} proposition={p} />
          ))}
          <WhyNotOfferPanel result={result} offers={offers} />
          <h2>Trace</h2>
          {result.trace?.scopes.map((s) => (
            <TraceTable key={`${s.decisionId}/${s.placementId}`} trace={s} />
          ))}
        </section>
      )}
    </section>
  );
}
