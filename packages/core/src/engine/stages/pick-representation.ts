import type { CompiledOffer } from "../../library/compiled-library.js";
import type { Representation } from "../../model/representation.js";

/**
 * The offer's content for a placement, in the request's language when it has one: an exact match of
 * `context.locale` (e.g. "fr-FR"), then its primary language ("fr"), then the first representation.
 */
export function pickRepresentation(
  offer: CompiledOffer,
  placementId: string,
  locale: string | undefined,
): Representation {
  const list = offer.representations.get(placementId);
  if (!list || list.length === 0)
    throw new Error(`offer "${offer.id}" has no representation for "${placementId}"`);
  if (list.length === 1 || locale === undefined) return list[0]!;
  const wanted = locale.toLowerCase();
  const primary = wanted.split("-")[0];
  const langs = (r: Representation) => (r.language ?? []).map((l) => l.toLowerCase());
  return (
    list.find((r) => langs(r).includes(wanted)) ??
    list.find((r) => langs(r).some((l) => l.split("-")[0] === primary)) ??
    list[0]!
  );
}
