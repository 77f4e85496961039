import type { Offer, Representation } from "../api/library-types.js";
import { capDraft, capPayload, type CapDraft } from "../caps/cap-draft.js";
import { toLocalInput } from "../forms/issues-at.js";

export type ContentKind = "text" | "html" | "image" | "json";
export type EligibilityMode = "none" | "expression" | "rule";

/** One representation as the form edits it (all strings). */
export interface RepresentationDraft {
  placementId: string;
  type: ContentKind;
  content: string;
  url: string;
  linkUrl: string;
  altText: string;
}

/** The offer as the form edits it; unknown fields of the loaded offer are kept in `original`. */
export interface OfferDraft {
  id: string;
  name: string;
  description: string;
  kind: "personalized" | "fallback";
  priority: string;
  startDate: string;
  endDate: string;
  tags: string;
  eligibilityMode: EligibilityMode;
  expression: string;
  ruleId: string;
  /** JSON text: the offer's attributes object. */
  attributes: string;
  caps: CapDraft[];
  representations: RepresentationDraft[];
}

export function emptyDraft(): OfferDraft {
  return {
    id: "",
    name: "",
    description: "",
    kind: "personalized",
    priority: "0",
    startDate: "",
    endDate: "",
    tags: "",
    eligibilityMode: "none",
    expression: "",
    ruleId: "",
    attributes: "{}",
    caps: [],
    representations: [],
  };
}

/** A new representation takes the placement's content type (a placement accepts only its own). */
export function emptyRepresentation(
  placementId: string,
  type: ContentKind = "text",
): RepresentationDraft {
  return { placementId, type, content: "", url: "", linkUrl: "", altText: "" };
}

export function draftFromOffer(offer: Offer): OfferDraft {
  const draft = emptyDraft();
  draft.id = offer.id;
  draft.name = offer.name;
  draft.description = offer.description ?? "";
  draft.kind = offer.kind;
  draft.tags = offer.tags.join(", ");
  draft.representations = offer.representations.map(representationDraft);
  draft.attributes = JSON.stringify(offer.attributes, null, 2);
  if (offer.kind === "personalized") {
    draft.caps = offer.caps.map((cap, i) => capDraft(cap as unknown as Record<string, unknown>, i));
    draft.priority = String(offer.priority);
    draft.startDate = toLocalInput(offer.startDate);
    draft.endDate = toLocalInput(offer.endDate);
    if (offer.eligibility && "expression" in offer.eligibility) {
      draft.eligibilityMode = "expression";
      draft.expression = offer.eligibility.expression;
    } else if (offer.eligibility && "ruleId" in offer.eligibility) {
      draft.eligibilityMode = "rule";
      draft.ruleId = offer.eligibility.ruleId;
    }
  }
  return draft;
}

function representationDraft(r: Representation): RepresentationDraft {
  const content =
    r.content === undefined
      ? ""
      : typeof r.content === "string" && r.type !== "json"
        ? r.content
        : JSON.stringify(r.content, null, 2);
  return {
    placementId: r.placementId,
    type: r.type,
    content,
    url: r.url ?? "",
    linkUrl: r.linkUrl ?? "",
    altText: r.altText ?? "",
  };
}

export class DraftError extends Error {}

/**
 * The body of a create / replace: the original offer's fields the form does not edit (languages,
 * status) are kept, server metadata dropped.
 */
export function offerPayload(
  draft: OfferDraft,
  original: Offer | undefined,
): Record<string, unknown> {
  const {
    etag: _etag,
    createdAt: _c,
    updatedAt: _u,
    ...kept
  } = (original ?? {}) as Record<string, unknown>;
  const originalReps = original?.representations ?? [];
  const payload: Record<string, unknown> = {
    ...kept,
    id: draft.id.trim(),
    name: draft.name.trim(),
    kind: draft.kind,
    tags: draft.tags
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== ""),
    attributes: parseJsonField(draft.attributes, "Attributes", "object"),
    representations: draft.representations.map((r, i) => representationPayload(r, originalReps[i])),
  };
  if (draft.description.trim()) payload.description = draft.description.trim();
  else delete payload.description;
  for (const field of ["priority", "startDate", "endDate", "eligibility", "caps"])
    if (draft.kind === "fallback") delete payload[field];
  if (draft.kind === "personalized") {
    const priority = Number(draft.priority);
    if (!Number.isInteger(priority) || priority < 0)
      throw new DraftError("Priority must be a whole number ≥ 0.");
    payload.priority = priority;
    setDate(payload, "startDate", draft.startDate);
    setDate(payload, "endDate", draft.endDate);
    payload.caps = draft.caps.map(capPayload);
    if (draft.eligibilityMode === "expression")
      payload.eligibility = { expression: draft.expression };
    else if (draft.eligibilityMode === "rule") payload.eligibility = { ruleId: draft.ruleId };
    else delete payload.eligibility;
  }
  return payload;
}

function setDate(payload: Record<string, unknown>, field: string, local: string): void {
  if (local === "") {
    delete payload[field];
    return;
  }
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) throw new DraftError(`${field} is not a valid date.`);
  payload[field] = date.toISOString();
}

function representationPayload(
  r: RepresentationDraft,
  original: Representation | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { placementId: r.placementId, type: r.type };
  if (original?.language && original.placementId === r.placementId)
    out.language = original.language;
  if (r.type === "json" && r.content.trim() !== "")
    out.content = parseJsonContent(r.content, r.placementId);
  else if (r.type !== "image" && r.content !== "") out.content = r.content;
  if (r.url.trim()) out.url = r.url.trim();
  if (r.linkUrl.trim()) out.linkUrl = r.linkUrl.trim();
  if (r.altText.trim()) out.altText = r.altText.trim();
  return out;
}

export function parseJsonContent(text: string, placementId: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new DraftError(
      `The JSON content for placement ${placementId} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

function parseJsonField(text: string, what: string, shape: "object" | "array"): unknown {
  if (text.trim() === "") return shape === "array" ? [] : {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DraftError(
      `${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const ok =
    shape === "array"
      ? Array.isArray(value)
      : typeof value === "object" && value !== null && !Array.isArray(value);
  if (!ok) throw new DraftError(`${what} must be a JSON ${shape}.`);
  return value;
}
