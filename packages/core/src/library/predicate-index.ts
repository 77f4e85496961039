import { attributeValue, extractIndexablePredicates, type IndexablePredicate, type IndexValue } from "../rules/predicates.js";
import type { Frame } from "../rules/expression.js";
import type { CompiledOffer } from "./compiled-library.js";
import type { EligibilityIndex } from "./eligibility-index.js";

type Keyed = Extract<IndexablePredicate, { kind: "eq" | "in" | "contains" }>;

/**
 * Eligibility index over a criterion's members, after "Indexing Boolean Expressions" (Whang et al.,
 * VLDB 2009) reduced to its cheapest useful form: each offer whose rule is a conjunction with at least
 * one equality / membership / contains conjunct is filed under ONE of them (the most selective, judged
 * by how many distinct constants the library uses on that attribute); a request looks up the
 * profile's actual values and gets exactly the offers whose filed conjunct holds, plus every offer
 * that could not be filed. An offer left out has a false conjunct, so its rule cannot be true
 * (CEL's && is true only when every operand is) — the index never drops an offer that could match.
 */
export class PredicateIndex implements EligibilityIndex {
  /** Offers with no usable conjunct: always candidates. */
  private readonly always: number[] = [];
  /** `root.path` → value key → member positions (eq / in). */
  private readonly equals = new Map<string, { root: "profile" | "context"; path: readonly string[]; postings: Map<string, number[]> }>();
  /** `root.path` → element key → member positions (list contains / map has key). */
  private readonly contains = new Map<string, { root: "profile" | "context"; path: readonly string[]; postings: Map<string, number[]> }>();
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(
    private readonly members: readonly CompiledOffer[],
    predicatesOf: (offer: CompiledOffer) => readonly IndexablePredicate[],
  ) {
    this.seen = new Uint32Array(members.length);
    const keyed = members.map((m) => predicatesOf(m).filter((p): p is Keyed => p.kind !== "range"));
    // Distinct constants per attribute across the criterion: more distinct values, more selective.
    const distinct = new Map<string, Set<string>>();
    for (const ps of keyed) for (const p of ps) for (const v of p.values) {
      const k = `${p.kind === "contains" ? "c" : "e"}|${attrKey(p)}`;
      (distinct.get(k) ?? distinct.set(k, new Set()).get(k)!).add(valueKey(v));
    }
    const selectivity = (p: Keyed) => p.values.length / (distinct.get(`${p.kind === "contains" ? "c" : "e"}|${attrKey(p)}`)?.size ?? 1);
    keyed.forEach((ps, i) => {
      const best = ps.reduce<Keyed | undefined>((b, p) => (b === undefined || selectivity(p) < selectivity(b) ? p : b), undefined);
      if (!best) {
        this.always.push(i);
        return;
      }
      const table = best.kind === "contains" ? this.contains : this.equals;
      const key = attrKey(best);
      const entry = table.get(key) ?? table.set(key, { root: best.root, path: best.path, postings: new Map() }).get(key)!;
      for (const v of best.values) {
        // A contains conjunct holds for a list with an equal element or a map with the own key
        // String(constant): file it under both so either kind of profile value finds the offer.
        const keys = best.kind === "contains" ? [valueKey(v), `key:${String(v)}`] : [valueKey(v)];
        for (const vk of keys) {
          const list = entry.postings.get(vk) ?? entry.postings.set(vk, []).get(vk)!;
          if (list[list.length - 1] !== i) list.push(i);
        }
      }
    });
  }

  candidates(frame: Frame): readonly CompiledOffer[] {
    if (this.equals.size === 0 && this.contains.size === 0) return this.members;
    const stamp = ++this.stamp === 0xffffffff ? this.reset() : this.stamp;
    const out: CompiledOffer[] = [];
    const take = (list: readonly number[] | undefined) => {
      if (!list) return;
      for (const i of list) {
        if (this.seen[i] === stamp) continue;
        this.seen[i] = stamp;
        out.push(this.members[i]!);
      }
    };
    take(this.always);
    for (const { root, path, postings } of this.equals.values()) {
      const found = attributeValue(frame.input, root, path);
      if (found.found && isIndexValue(found.value)) take(postings.get(valueKey(found.value)));
    }
    for (const { root, path, postings } of this.contains.values()) {
      const found = attributeValue(frame.input, root, path);
      if (!found.found) continue;
      const v = found.value;
      if (Array.isArray(v)) {
        for (const el of v) if (isIndexValue(el)) take(postings.get(valueKey(el)));
      } else if (typeof v === "object" && v !== null) {
        for (const k of Object.keys(v)) take(postings.get(`key:${k}`));
      }
    }
    return out;
  }

  private reset(): number {
    this.seen.fill(0);
    this.stamp = 1;
    return 1;
  }
}

/** Cache predicate extraction per offer: an offer sits in many criteria. */
export function predicateCache(): (offer: CompiledOffer) => readonly IndexablePredicate[] {
  const cache = new Map<number, readonly IndexablePredicate[]>();
  return (offer) => {
    let ps = cache.get(offer.index);
    if (ps === undefined) {
      ps = offer.eligibility ? extractIndexablePredicates(offer.eligibility.source).predicates : [];
      cache.set(offer.index, ps);
    }
    return ps;
  };
}

function attrKey(p: IndexablePredicate): string {
  return `${p.root}\u0000${p.path.join("\u0000")}`;
}

function isIndexValue(v: unknown): v is IndexValue {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** Equal keys exactly when the index's reference semantics call the values equal (18 == 18.0). */
function valueKey(v: IndexValue): string {
  return v === null ? "null" : `${typeof v}:${String(v)}`;
}
