import type { CapRule } from "../model/cap-rule.js";

/**
 * Counter keys, one per (offer, cap, who, where, window):
 *
 *   cap|<offerId>|<capId>|<who>|<where>|<window>
 *
 *   who    = g                 global cap: one count for everybody
 *          | u=<profileId>     per-profile cap
 *   where  = *                 placements "all": one counter across placements
 *          | p=<placementId>   placements "each": a counter per placement
 *          | l                 placements [ids]: one counter shared by the listed placements
 *   window = life | c<start ms> | r<bucket s>s<bucket index>   (see window.ts)
 *
 * Every variable part is escaped (`%` → %25, `|` → %7C), so `|` only ever separates parts and two
 * different tuples can never produce the same key (profile ids are free text and may contain `|`).
 * Stores may prepend their own namespace.
 */
export interface CounterKeyParts {
  offerId: string;
  capId: string;
  /** undefined for a global cap. */
  profileId: string | undefined;
  /** Which placement counter: see `where` above. */
  placement: { kind: "all" } | { kind: "each"; placementId: string } | { kind: "list" };
  windowSuffix: string;
}

export function counterKey(parts: CounterKeyParts): string {
  return counterKeyPrefix(parts) + parts.windowSuffix;
}

/** Everything but the window suffix: built once per cap check, shared by a rolling window's many keys. */
export function counterKeyPrefix(parts: Omit<CounterKeyParts, "windowSuffix">): string {
  const who = parts.profileId === undefined ? "g" : `u=${escapeKeyPart(parts.profileId)}`;
  const where =
    parts.placement.kind === "all"
      ? "*"
      : parts.placement.kind === "list"
        ? "l"
        : `p=${escapeKeyPart(parts.placement.placementId)}`;
  return `cap|${escapeKeyPart(parts.offerId)}|${escapeKeyPart(parts.capId)}|${who}|${where}|`;
}

const NEEDS_ESCAPE = /[%|]/;

export function escapeKeyPart(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replaceAll("%", "%25").replaceAll("|", "%7C") : value;
}

/** How a cap's placements setting applies to one placement; undefined when the cap ignores it. */
export function placementPartOf(
  placements: CapRule["placements"],
  placementId: string,
): CounterKeyParts["placement"] | undefined {
  if (placements === "all") return { kind: "all" };
  if (placements === "each") return { kind: "each", placementId };
  return placements.includes(placementId) ? { kind: "list" } : undefined;
}
