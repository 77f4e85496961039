import { useEffect, useId, useState } from "react";
import { ApiError } from "../api/api-error.js";
import type { Api } from "../api/api-client.js";
import { parseContextText, parseProfileText } from "../simulate/simulate-request.js";
import { ExpressionIssue } from "./ExpressionIssue.js";

const SAMPLE_PROFILE = `{ "id": "sample-profile", "attributes": { "age": 30 } }`;

interface ExpressionTesterProps {
  api: Api;
  kind: "rule" | "formula";
  expression: string;
  /** Offers to bind to `offer` (formulas and collection rules read it). */
  offers: readonly { id: string; name: string }[];
  /** The offer chosen at first (the offer being edited). */
  defaultOfferId?: string | undefined;
}

type Outcome =
  | { state: "idle" }
  | { state: "value"; value: boolean | number; failingClause?: string }
  | { state: "error"; error: unknown };

/**
 * Evaluates the expression being edited on a sample profile, context and offer through
 * POST /v1/expressions/evaluate (the engine's own CEL runtime), live as any of them changes.
 */
export function ExpressionTester({
  api,
  kind,
  expression,
  offers,
  defaultOfferId,
}: ExpressionTesterProps) {
  const id = useId();
  const [profile, setProfile] = useState(SAMPLE_PROFILE);
  const [context, setContext] = useState("{}");
  const [offerId, setOfferId] = useState(defaultOfferId ?? "");
  const [outcome, setOutcome] = useState<Outcome>({ state: "idle" });

  useEffect(() => {
    if (expression.trim() === "") {
      setOutcome({ state: "idle" });
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      let body: Record<string, unknown>;
      try {
        body = {
          expression,
          kind,
          profile: parseProfileText(profile),
          context: parseContextText(context),
          ...(offerId ? { offerId } : {}),
        };
      } catch (error) {
        setOutcome({ state: "error", error });
        return;
      }
      api
        .request<{
          value: boolean | number;
          failingClause?: string;
        }>("POST", "/v1/expressions/evaluate", { body })
        .then(
          ({ body: result }) => current && setOutcome({ state: "value", ...result }),
          (error: unknown) => current && setOutcome({ state: "error", error }),
        );
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, kind, expression, profile, context, offerId]);

  return (
    <fieldset className="tester">
      <legend>Try it on a sample</legend>
      <div className="grid">
        <label>
          Sample profile (JSON)
          <textarea
            className="code"
            rows={3}
            spellCheck={false}
            value={profile}
            onChange={(e) => setProfile(e.target.value)}
          />
        </label>
        <label>
          Sample context (JSON)
          <textarea
            className="code"
            rows={3}
            spellCheck={false}
            value={context}
            onChange={(e) => setContext(e.target.value)}
          />
        </label>
        <label>
          Sample offer
          <select value={offerId} onChange={(e) => setOfferId(e.target.value)}>
            <option value="">(none)</option>
            {offers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.id})
              </option>
            ))}
          </select>
        </label>
      </div>
      <div id={`${id}-result`} role="status" aria-live="polite" data-testid="tester-result">
        <TesterOutcome outcome={outcome} expression={expression} />
      </div>
    </fieldset>
  );
}

function TesterOutcome({ outcome, expression }: { outcome: Outcome; expression: string }) {
  if (outcome.state === "idle") return <p>Type an expression to evaluate it.</p>;
  if (outcome.state === "value") {
    return (
      <p>
        Result:{" "}
        <span className="tester-result" data-testid="tester-value">
          {String(outcome.value)}
        </span>
        {outcome.failingClause !== undefined && (
          <>
            {" "}
            — false because of{" "}
            <code data-testid="tester-failing-clause">{outcome.failingClause}</code>
          </>
        )}
      </p>
    );
  }
  const { error } = outcome;
  if (error instanceof ApiError && error.issues.length > 0) {
    return (
      <div className="error" data-testid="tester-error">
        {error.issues.map((issue, i) =>
          issue.path[0] === "expression" ? (
            <ExpressionIssue key={i} source={expression} issue={issue} />
          ) : (
            <p key={i}>
              <code>{issue.path.join(".")}</code> {issue.message}
            </p>
          ),
        )}
      </div>
    );
  }
  return (
    <p className="error" data-testid="tester-error">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}
