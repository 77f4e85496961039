/** A frequency cap as its form edits it (strings for the typed numbers), and back to the API's shape. */

export type CapEventKind = "decision" | "display" | "interact" | "custom";
export type WindowKind = "none" | "calendar" | "rolling";
export type PlacementsMode = "all" | "each" | "list";
export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;

export interface CapDraft {
  id: string;
  event: CapEventKind;
  customEvent: string;
  scope: "profile" | "global";
  limit: string;
  window: WindowKind;
  unit: "day" | "week" | "month";
  count: string;
  timeZone: string;
  weekStart: (typeof WEEKDAYS)[number];
  duration: string;
  placements: PlacementsMode;
  placementIds: string[];
}

export function newCapDraft(index: number): CapDraft {
  return {
    id: `cap-${index + 1}`,
    event: "decision",
    customEvent: "",
    scope: "profile",
    limit: "1",
    window: "none",
    unit: "day",
    count: "1",
    timeZone: "UTC",
    weekStart: "monday",
    duration: "P7D",
    placements: "all",
    placementIds: [],
  };
}

const str = (v: unknown, fallback: string): string =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : fallback;

/** A stored cap (any shape the server sent) → the form's fields. */
export function capDraft(cap: Record<string, unknown>, index: number): CapDraft {
  const draft = newCapDraft(index);
  draft.id = str(cap.id, draft.id);
  const event = cap.event;
  if (event === "decision" || event === "display" || event === "interact") draft.event = event;
  else if (typeof event === "object" && event !== null && "custom" in event) {
    draft.event = "custom";
    draft.customEvent = str((event as { custom: unknown }).custom, "");
  }
  if (cap.scope === "global") draft.scope = "global";
  draft.limit = str(cap.limit, draft.limit);
  const window = cap.window as Record<string, unknown> | undefined;
  if (window?.type === "calendar") {
    draft.window = "calendar";
    if (window.unit === "week" || window.unit === "month" || window.unit === "day")
      draft.unit = window.unit;
    draft.count = str(window.count, "1");
    draft.timeZone = str(window.timeZone, "UTC");
    const weekStart = WEEKDAYS.find((d) => d === window.weekStart);
    if (weekStart) draft.weekStart = weekStart;
  } else if (window?.type === "rolling") {
    draft.window = "rolling";
    draft.duration = str(window.duration, draft.duration);
  }
  if (Array.isArray(cap.placements)) {
    draft.placements = "list";
    draft.placementIds = cap.placements.filter((p): p is string => typeof p === "string");
  } else if (cap.placements === "each") draft.placements = "each";
  return draft;
}

/** A typed number, or the text itself so that the server names the field ("limit: expected number"). */
function numberOrText(text: string): number | string {
  const n = Number(text);
  return text.trim() !== "" && Number.isFinite(n) ? n : text;
}

/** The form's fields → the API's cap. Nothing is checked here: the server validates and points at the field. */
export function capPayload(draft: CapDraft): Record<string, unknown> {
  const cap: Record<string, unknown> = {
    id: draft.id.trim(),
    event: draft.event === "custom" ? { custom: draft.customEvent.trim() } : draft.event,
    scope: draft.scope,
    limit: numberOrText(draft.limit),
    placements: draft.placements === "list" ? draft.placementIds : draft.placements,
  };
  if (draft.window === "calendar") {
    cap.window = {
      type: "calendar",
      unit: draft.unit,
      count: numberOrText(draft.count),
      timeZone: draft.timeZone.trim() || "UTC",
      weekStart: draft.weekStart,
    };
  } else if (draft.window === "rolling") {
    cap.window = { type: "rolling", duration: draft.duration.trim() };
  }
  return cap;
}
