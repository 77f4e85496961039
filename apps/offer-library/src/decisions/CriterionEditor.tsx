import { useId } from "react";
import type { ApiIssue } from "../api/api-error.js";
import { FieldIssues, invalidProps } from "../components/FieldIssues.js";
import { RuleEditor } from "../components/RuleEditor.js";
import { issuesAt, type IssuePath } from "../forms/issues-at.js";
import type { CriterionValue, NamedItem, RankingValue, RuleRefValue } from "./decision-shapes.js";

export interface CriterionLookups {
  collections: readonly NamedItem[];
  rules: readonly (NamedItem & { expression: string })[];
  formulas: readonly (NamedItem & { expression: string })[];
}

interface CriterionEditorProps {
  /** "criterion 1 of group 2 of scope 1": names every control so labels stay unique. */
  title: string;
  value: CriterionValue;
  lookups: CriterionLookups;
  readOnly: boolean;
  issues: readonly ApiIssue[];
  path: IssuePath;
  onChange: (value: CriterionValue) => void;
}

type RuleMode = "none" | "rule" | "expression";
type RankingMode = "priority" | "formula" | "expression";

const ruleModeOf = (rule: RuleRefValue | undefined): RuleMode =>
  rule === undefined ? "none" : "ruleId" in rule ? "rule" : "expression";
const rankingModeOf = (r: RankingValue | undefined): RankingMode =>
  r === undefined || r.method === "priority"
    ? "priority"
    : "formulaId" in r
      ? "formula"
      : "expression";

/** One criterion: a collection, an optional extra rule (library or inline), and how candidates are ranked. */
export function CriterionEditor({
  title,
  value,
  lookups,
  readOnly,
  issues,
  path,
  onChange,
}: CriterionEditorProps) {
  const id = useId();
  const ruleMode = ruleModeOf(value.rule);
  const rankingMode = rankingModeOf(value.ranking);
  const at = (...rest: (string | number)[]): ApiIssue[] => issuesAt(issues, [...path, ...rest]);
  const ruleIssues = issues.filter(
    (i) =>
      issuesAt([i], [...path, "rule", "expression"]).length > 0 ||
      issuesAt([i], [...path, "rule"]).length > 0,
  );
  const rankingExpressionIssues = at("ranking", "expression");

  const setRuleMode = (mode: RuleMode): void => {
    const { rule: _r, ...rest } = value;
    onChange(
      mode === "none"
        ? rest
        : {
            ...rest,
            rule: mode === "rule" ? { ruleId: lookups.rules[0]?.id ?? "" } : { expression: "" },
          },
    );
  };
  const setRankingMode = (mode: RankingMode): void =>
    onChange({
      ...value,
      ranking:
        mode === "priority"
          ? { method: "priority" }
          : mode === "formula"
            ? { method: "formula", formulaId: lookups.formulas[0]?.id ?? "" }
            : { method: "formula", expression: "" },
    });
  const collectionKnown = lookups.collections.some((c) => c.id === value.collectionId);

  return (
    <div className="criterion" data-testid="criterion">
      <div className="grid">
        <label>
          Collection ({title})
          <select
            value={value.collectionId}
            disabled={readOnly}
            {...invalidProps(`${id}-collection`, at("collectionId"))}
            onChange={(e) => onChange({ ...value, collectionId: e.target.value })}
          >
            {!collectionKnown && (
              <option value={value.collectionId}>
                {value.collectionId === "" ? "(choose)" : `${value.collectionId} (unknown)`}
              </option>
            )}
            {lookups.collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.id})
              </option>
            ))}
          </select>
          <FieldIssues id={`${id}-collection`} issues={at("collectionId")} />
        </label>
        <label>
          Extra rule ({title})
          <select
            value={ruleMode}
            disabled={readOnly}
            onChange={(e) => setRuleMode(e.target.value as RuleMode)}
          >
            <option value="none">none</option>
            <option value="rule">a library rule</option>
            <option value="expression">an inline expression</option>
          </select>
        </label>
        {value.rule !== undefined && "ruleId" in value.rule && (
          <label>
            Library rule ({title})
            <select
              value={value.rule.ruleId}
              disabled={readOnly}
              {...invalidProps(`${id}-rule`, at("rule", "ruleId"))}
              onChange={(e) => onChange({ ...value, rule: { ruleId: e.target.value } })}
            >
              {!lookups.rules.some(
                (r) =>
                  value.rule !== undefined && "ruleId" in value.rule && r.id === value.rule.ruleId,
              ) && <option value={value.rule.ruleId}>{value.rule.ruleId || "(choose)"}</option>}
              {lookups.rules.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}: {r.expression}
                </option>
              ))}
            </select>
            <FieldIssues id={`${id}-rule`} issues={at("rule", "ruleId")} />
          </label>
        )}
        <label>
          Ranking ({title})
          <select
            value={rankingMode}
            disabled={readOnly}
            onChange={(e) => setRankingMode(e.target.value as RankingMode)}
          >
            <option value="priority">offer priority</option>
            <option value="formula">a library ranking formula</option>
            <option value="expression">an inline formula</option>
          </select>
        </label>
        {value.ranking?.method === "formula" && "formulaId" in value.ranking && (
          <label>
            Ranking formula ({title})
            <select
              value={value.ranking.formulaId}
              disabled={readOnly}
              {...invalidProps(`${id}-formula`, at("ranking", "formulaId"))}
              onChange={(e) =>
                onChange({ ...value, ranking: { method: "formula", formulaId: e.target.value } })
              }
            >
              {!lookups.formulas.some(
                (f) =>
                  value.ranking?.method === "formula" &&
                  "formulaId" in value.ranking &&
                  f.id === value.ranking.formulaId,
              ) && (
                <option value={value.ranking.formulaId}>
                  {value.ranking.formulaId || "(choose)"}
                </option>
              )}
              {lookups.formulas.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}: {f.expression}
                </option>
              ))}
            </select>
            <FieldIssues id={`${id}-formula`} issues={at("ranking", "formulaId")} />
          </label>
        )}
      </div>
      {value.rule !== undefined && "expression" in value.rule && (
        <RuleEditor
          label={`Rule expression (${title})`}
          value={value.rule.expression}
          readOnly={readOnly}
          issues={ruleIssues}
          onChange={(expression) => onChange({ ...value, rule: { expression } })}
        />
      )}
      {value.ranking?.method === "formula" && "expression" in value.ranking && (
        <RuleEditor
          label={`Formula expression (${title})`}
          value={value.ranking.expression}
          readOnly={readOnly}
          issues={rankingExpressionIssues}
          onChange={(expression) =>
            onChange({ ...value, ranking: { method: "formula", expression } })
          }
        />
      )}
    </div>
  );
}
