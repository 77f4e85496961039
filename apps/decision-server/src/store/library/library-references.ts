import type { LibraryBundle } from "@offerkit/core";
import type { LibraryKind } from "../types.js";

type Path = (string | number)[];

/** One reference from a library object to another, with where it sits inside the referring object. */
export interface LibraryReference {
  fromKind: LibraryKind;
  fromId: string;
  /** Path inside the referring object, e.g. ["scopes", 0, "groups", 0, "criteria", 1, "collectionId"]. */
  path: Path;
  toKind: LibraryKind;
  toId: string;
}

/** Every id-reference in a library (the ones core's validateLibrary resolves). */
export function libraryReferences(bundle: LibraryBundle): LibraryReference[] {
  const out: LibraryReference[] = [];
  const add = (
    fromKind: LibraryKind,
    fromId: string,
    path: Path,
    toKind: LibraryKind,
    toId: string,
  ) => out.push({ fromKind, fromId, path, toKind, toId });

  for (const offer of bundle.offers) {
    offer.representations.forEach((r, j) =>
      add("offers", offer.id, ["representations", j, "placementId"], "placements", r.placementId),
    );
    if (offer.kind === "fallback") continue;
    if (offer.eligibility && "ruleId" in offer.eligibility) {
      add("offers", offer.id, ["eligibility", "ruleId"], "rules", offer.eligibility.ruleId);
    }
    offer.caps.forEach((cap, j) => {
      if (Array.isArray(cap.placements)) {
        cap.placements.forEach((p, k) =>
          add("offers", offer.id, ["caps", j, "placements", k], "placements", p),
        );
      }
    });
  }
  for (const collection of bundle.collections) {
    if (collection.kind !== "static") continue;
    collection.offerIds.forEach((id, j) =>
      add("collections", collection.id, ["offerIds", j], "offers", id),
    );
  }
  for (const decision of bundle.decisions) {
    add("decisions", decision.id, ["fallbackOfferId"], "offers", decision.fallbackOfferId);
    decision.scopes.forEach((scope, s) => {
      add("decisions", decision.id, ["scopes", s, "placementId"], "placements", scope.placementId);
      scope.groups.forEach((group, g) =>
        group.criteria.forEach((criterion, c) => {
          const at: Path = ["scopes", s, "groups", g, "criteria", c];
          add(
            "decisions",
            decision.id,
            [...at, "collectionId"],
            "collections",
            criterion.collectionId,
          );
          if (criterion.rule && "ruleId" in criterion.rule)
            add(
              "decisions",
              decision.id,
              [...at, "rule", "ruleId"],
              "rules",
              criterion.rule.ruleId,
            );
          if ("formulaId" in criterion.ranking) {
            add(
              "decisions",
              decision.id,
              [...at, "ranking", "formulaId"],
              "rankingFormulas",
              criterion.ranking.formulaId,
            );
          }
        }),
      );
    });
  }
  return out;
}

/** The references pointing at one object (what blocks its deletion). */
export function referencesTo(
  bundle: LibraryBundle,
  kind: LibraryKind,
  id: string,
): LibraryReference[] {
  return libraryReferences(bundle).filter(
    (r) => r.toKind === kind && r.toId === id && !(r.fromKind === kind && r.fromId === id),
  );
}
