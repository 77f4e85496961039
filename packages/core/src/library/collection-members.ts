import type { AttributeCondition, Collection } from "../model/collection.js";
import type { JsonValue } from "../model/common.js";
import type { CompiledOffer } from "./compiled-library.js";

/**
 * The personalized offers a collection holds. Membership does not depend on the profile, so it is
 * resolved once per library version: static lists in their listed order, dynamic collections in
 * library order.
 */
export function collectionMembers(
  collection: Collection,
  offers: readonly CompiledOffer[],
): CompiledOffer[] {
  const personalized = offers.filter((o) => !o.isFallback);
  if (collection.kind === "static") {
    const byId = new Map(personalized.map((o) => [o.id, o]));
    const seen = new Set<string>();
    const members: CompiledOffer[] = [];
    for (const id of collection.offerIds) {
      const offer = byId.get(id);
      if (offer && !seen.has(id)) {
        seen.add(id);
        members.push(offer);
      }
    }
    return members;
  }
  return personalized.filter((o) => {
    const tags = o.offer.tags;
    if (
      collection.tagsAny &&
      collection.tagsAny.length > 0 &&
      !collection.tagsAny.some((t) => tags.includes(t))
    )
      return false;
    if (collection.tagsAll && !collection.tagsAll.every((t) => tags.includes(t))) return false;
    return (collection.conditions ?? []).every((c) => matchesCondition(o.offer.attributes, c));
  });
}

function matchesCondition(
  attributes: Record<string, JsonValue>,
  condition: AttributeCondition,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(attributes, condition.attribute);
  const value = has ? attributes[condition.attribute] : undefined;
  const expected = condition.value;
  switch (condition.op) {
    case "exists":
      return has;
    case "eq":
      return has && jsonEqual(value, expected);
    case "neq":
      return !has || !jsonEqual(value, expected);
    case "in":
      return has && Array.isArray(expected) && expected.some((e) => jsonEqual(value, e));
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return has && compare(value, expected, condition.op);
  }
}

function compare(
  a: JsonValue | undefined,
  b: JsonValue | undefined,
  op: "gt" | "gte" | "lt" | "lte",
): boolean {
  const comparable =
    (typeof a === "number" && typeof b === "number") ||
    (typeof a === "string" && typeof b === "string");
  if (!comparable) return false;
  const x = a;
  const y = b;
  return op === "gt" ? x > y : op === "gte" ? x >= y : op === "lt" ? x < y : x <= y;
}

function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
