/** The parts of a decision as its form edits them (the API's shapes, loosely typed while being edited). */

export type RuleRefValue = { ruleId: string } | { expression: string };

export type RankingValue =
  | { method: "priority" }
  | { method: "formula"; formulaId: string }
  | { method: "formula"; expression: string };

export interface CriterionValue {
  collectionId: string;
  rule?: RuleRefValue;
  ranking?: RankingValue;
}

export interface CriteriaGroupValue {
  criteria: CriterionValue[];
}

export interface ScopeValue {
  placementId: string;
  groups: CriteriaGroupValue[];
}

export const newCriterion = (): CriterionValue => ({
  collectionId: "",
  ranking: { method: "priority" },
});
export const newGroup = (): CriteriaGroupValue => ({ criteria: [newCriterion()] });
export const newScope = (placementId = ""): ScopeValue => ({ placementId, groups: [newGroup()] });

export interface NamedItem {
  id: string;
  name: string;
}
