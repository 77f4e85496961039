/** A library resource other than offers, as the generic pages edit it. */
export interface ResourceKind {
  /** URL segment under /v1 and in the UI's hash route. */
  segment: string;
  title: string;
  singular: string;
  /** Rules and ranking formulas: edited as a form with a CEL expression field. */
  expression?: "rule" | "formula";
  /** Placements, collections and decisions have their own form editors. */
  form?: "placement" | "collection" | "decision";
  transitions?: { action: string; label: string; from: string[] }[];
  /** What "New" starts from. */
  template: Record<string, unknown>;
}

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  {
    segment: "placements",
    title: "Placements",
    singular: "placement",
    form: "placement",
    template: {
      id: "",
      name: "",
      channel: "web",
      contentType: "text",
      itemCount: 1,
      allowDuplicates: false,
    },
  },
  {
    segment: "collections",
    title: "Collections",
    singular: "collection",
    form: "collection",
    template: { id: "", name: "", kind: "dynamic", tagsAny: [] },
  },
  {
    segment: "rules",
    title: "Rules",
    singular: "rule",
    expression: "rule",
    template: { id: "", name: "", expression: "" },
  },
  {
    segment: "ranking-formulas",
    title: "Ranking formulas",
    singular: "ranking formula",
    expression: "formula",
    template: { id: "", name: "", expression: "" },
  },
  {
    segment: "decision-configs",
    title: "Decisions",
    singular: "decision",
    form: "decision",
    template: {
      id: "",
      name: "",
      fallbackOfferId: "",
      scopes: [
        {
          placementId: "",
          groups: [{ criteria: [{ collectionId: "", ranking: { method: "priority" } }] }],
        },
      ],
    },
    transitions: [
      { action: "go-live", label: "Go live", from: ["draft"] },
      { action: "complete", label: "Complete", from: ["live"] },
      { action: "draft", label: "Back to draft", from: ["live", "complete", "archived"] },
      { action: "archive", label: "Archive", from: ["draft", "live", "complete"] },
    ],
  },
];

export function resourceKind(segment: string): ResourceKind | undefined {
  return RESOURCE_KINDS.find((k) => k.segment === segment);
}

/** An object without the server's metadata (etag, timestamps). */
export function withoutMeta(item: Record<string, unknown>): Record<string, unknown> {
  const { etag: _etag, createdAt: _c, updatedAt: _u, ...rest } = item;
  return rest;
}
