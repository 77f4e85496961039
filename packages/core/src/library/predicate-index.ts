import {
  attributeValue,
  extractIndexablePredicates,
  type IndexablePredicate,
  type IndexValue,
} from "../rules/predicates.js";
import type { Frame } from "../rules/expression.js";
import type { CompiledOffer } from "./compiled-library.js";
import { ADMIT_ALL, type EligibilityIndex, type OfferFilter } from "./eligibility-index.js";
import { MergedSource, RangeSource, type PositionSource } from "./position-source.js";
import type { OrderedMembers } from "./ranking-plan.js";

interface Table {
  root: "profile" | "context";
  path: readonly string[];
  postings: Map<string, number[]>;
}

/** The posting lists again, as ascending positions in one best-first member order. */
interface PlanPostings {
  always: Int32Array;
  equals: PlanTable[];
  contains: PlanTable[];
}

/**
 * One attribute's posting lists keyed by the value itself (no key string built per lookup):
 * strings and numbers in their own maps (18 and 18.0 are one JS number), the rare booleans and null
 * by valueKey, map keys of a `contains` conjunct by the key.
 */
interface PlanTable {
  root: "profile" | "context";
  path: readonly string[];
  strings: Map<string, Int32Array>;
  numbers: Map<number, Int32Array>;
  others: Map<string, Int32Array>;
  mapKeys: Map<string, Int32Array>;
}

function postingsFor(t: PlanTable, v: IndexValue): Int32Array | undefined {
  return typeof v === "string"
    ? t.strings.get(v)
    : typeof v === "number"
      ? t.numbers.get(v)
      : t.others.get(valueKey(v));
}

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
  private readonly equals = new Map<string, Table>();
  /** `root.path` → element key → member positions (list contains / map has key). */
  private readonly contains = new Map<string, Table>();
  private readonly byPlan = new WeakMap<OrderedMembers, PlanPostings>();
  private readonly seen: Uint32Array;
  private stamp = 0;
  /** By offer.index: the offer's indexable conjuncts, most selective first, for checks during a walk. */
  private readonly filed: (readonly Check[] | undefined)[] = [];
  /** Distinct attribute paths of filed conjuncts; a filter caches one value per path per request. */
  private readonly paths: { root: "profile" | "context"; path: readonly string[] }[] = [];

  private built = false;

  constructor(
    private readonly members: readonly CompiledOffer[],
    private readonly predicatesOf: (offer: CompiledOffer) => readonly IndexablePredicate[],
  ) {
    this.seen = new Uint32Array(members.length);
  }

  /** Builds the index in steps (the library compiler yields between them); idempotent. */
  *steps(): Generator<void, void, void> {
    if (this.built) return;
    this.built = true;
    const { members } = this;
    // Every loop over the members yields every 512 of them: a 10,000-offer criterion must not hold
    // the event loop while a server compiles beside live traffic.
    const all: (readonly IndexablePredicate[])[] = [];
    // Each predicate's attribute key, computed once.
    const keyOf = new Map<IndexablePredicate, string>();
    for (let i = 0; i < members.length; i++) {
      if (i % 512 === 511) yield;
      const ps = this.predicatesOf(members[i]!);
      all.push(ps);
      for (const p of ps)
        keyOf.set(
          p,
          `${p.kind === "contains" ? "c" : p.kind === "range" ? "r" : "e"}|${attrKey(p)}`,
        );
    }
    yield;
    // Distinct constants per attribute across the criterion: more distinct values, more selective.
    const distinct = new Map<string, Set<string>>();
    for (let i = 0; i < all.length; i++) {
      if (i % 512 === 511) yield;
      for (const p of all[i]!) {
        if (p.kind === "range") continue;
        const k = keyOf.get(p)!;
        const set = distinct.get(k) ?? distinct.set(k, new Set()).get(k)!;
        for (const v of p.values) set.add(valueKey(v));
      }
    }
    yield;
    const selectivity = (p: IndexablePredicate) =>
      p.kind === "range" ? 2 : p.values.length / (distinct.get(keyOf.get(p)!)?.size ?? 1);
    const pathIds = new Map<string, number>();
    const pathIdOf = (p: IndexablePredicate) => {
      const key = attrKey(p);
      let id = pathIds.get(key);
      if (id === undefined)
        pathIds.set(key, (id = this.paths.push({ root: p.root, path: p.path }) - 1));
      return id;
    };
    for (let i = 0; i < members.length; i++) {
      if (i % 512 === 511) yield;
      // Every conjunct, most selective first (ranges last), for the per-offer check of a walk.
      const ordered = [...all[i]!].sort((a, b) => selectivity(a) - selectivity(b));
      if (ordered.length > 0)
        this.filed[members[i]!.index] = ordered.map((p) => toCheck(p, pathIdOf(p)));
      const best = ordered[0];
      if (!best || best.kind === "range") {
        this.always.push(i);
        continue;
      }
      const table = best.kind === "contains" ? this.contains : this.equals;
      const key = attrKey(best);
      const entry =
        table.get(key) ??
        table.set(key, { root: best.root, path: best.path, postings: new Map() }).get(key)!;
      for (const v of best.values) {
        // A contains conjunct holds for a list with an equal element or a map with the own key
        // String(constant): file it under both so either kind of profile value finds the offer.
        const keys = best.kind === "contains" ? [valueKey(v), `key:${String(v)}`] : [valueKey(v)];
        for (const vk of keys) {
          const list = entry.postings.get(vk) ?? entry.postings.set(vk, []).get(vk)!;
          if (list[list.length - 1] !== i) list.push(i);
        }
      }
    }
  }

  /** Finish building now (for direct use outside the library compiler). */
  private ensureBuilt(): void {
    if (this.built) return;
    for (const _ of this.steps()) {
      // drain
    }
  }

  candidates(frame: Frame): readonly CompiledOffer[] {
    this.ensureBuilt();
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

  prepare(plan: OrderedMembers): void {
    this.ensureBuilt();
    if (this.byPlan.has(plan)) return;
    const posOf = new Map(plan.members.map((m, p) => [m.index, p]));
    const toPlan = (list: readonly number[]) =>
      Int32Array.from(list, (i) => posOf.get(this.members[i]!.index) ?? -1)
        .filter((p) => p >= 0)
        .sort();
    const convert = (t: Table): PlanTable => {
      const table: PlanTable = {
        root: t.root,
        path: t.path,
        strings: new Map(),
        numbers: new Map(),
        others: new Map(),
        mapKeys: new Map(),
      };
      for (const [key, list] of t.postings) {
        const positions = toPlan(list);
        if (key.startsWith("key:")) table.mapKeys.set(key.slice(4), positions);
        else if (key.startsWith("string:")) table.strings.set(key.slice(7), positions);
        else if (key.startsWith("number:")) table.numbers.set(Number(key.slice(7)), positions);
        else table.others.set(key, positions);
      }
      return table;
    };
    this.byPlan.set(plan, {
      always: toPlan(this.always),
      equals: [...this.equals.values()].map(convert),
      contains: [...this.contains.values()].map(convert),
    });
  }

  positions(frame: Frame, plan: OrderedMembers): PositionSource {
    const pp = this.byPlan.get(plan);
    if (!pp) return new RangeSource(plan.members.length);
    const lists: Int32Array[] = [];
    if (pp.always.length > 0) lists.push(pp.always);
    for (const table of pp.equals) {
      const found = attributeValue(frame.input, table.root, table.path);
      if (!found.found || !isIndexValue(found.value)) continue;
      const list = postingsFor(table, found.value);
      if (list) lists.push(list);
    }
    for (const table of pp.contains) {
      const found = attributeValue(frame.input, table.root, table.path);
      if (!found.found) continue;
      const v = found.value;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const el: unknown = v[i];
          if (!isIndexValue(el)) continue;
          const list = postingsFor(table, el);
          if (list) lists.push(list);
        }
      } else if (typeof v === "object" && v !== null) {
        for (const k of Object.keys(v)) {
          const list = table.mapKeys.get(k);
          if (list) lists.push(list);
        }
      }
    }
    return new MergedSource(lists);
  }

  filter(frame: Frame): OfferFilter {
    this.ensureBuilt();
    if (this.paths.length === 0) return ADMIT_ALL;
    return new FiledPredicateFilter(this.filed, this.paths, frame);
  }

  private reset(): number {
    this.seen.fill(0);
    this.stamp = 1;
    return 1;
  }
}

/** One indexable conjunct in the form the per-offer check reads. */
type Check =
  | { kind: "in"; pathId: number; values: readonly IndexValue[] }
  | { kind: "contains"; pathId: number; values: readonly IndexValue[] }
  | { kind: "range"; pathId: number; lo: number; loIn: boolean; hi: number; hiIn: boolean };

function toCheck(p: IndexablePredicate, pathId: number): Check {
  if (p.kind === "range") {
    const { lower, upper } = p.bounds;
    return {
      kind: "range",
      pathId,
      lo: lower?.value ?? Number.NEGATIVE_INFINITY,
      loIn: lower?.inclusive ?? true,
      hi: upper?.value ?? Number.POSITIVE_INFINITY,
      hiIn: upper?.inclusive ?? true,
    };
  }
  return { kind: p.kind === "contains" ? "contains" : "in", pathId, values: p.values };
}

const UNRESOLVED = Symbol("unresolved");
const MISSING = Symbol("missing");

/**
 * Checks an offer's conjuncts against the request's values, each path resolved at most once per
 * request; the CEL rule then runs only for offers that pass them all. Same semantics as
 * predicateHolds (the reference the extraction is proven sound against).
 */
class FiledPredicateFilter implements OfferFilter {
  private readonly values: unknown[];

  constructor(
    private readonly filed: readonly (readonly Check[] | undefined)[],
    private readonly paths: readonly { root: "profile" | "context"; path: readonly string[] }[],
    private readonly frame: Frame,
  ) {
    this.values = new Array<unknown>(paths.length).fill(UNRESOLVED);
  }

  admits(offer: CompiledOffer): boolean {
    const checks = this.filed[offer.index];
    if (!checks) return true;
    for (let i = 0; i < checks.length; i++) if (!this.holds(checks[i]!)) return false;
    return true;
  }

  private holds(c: Check): boolean {
    let v = this.values[c.pathId];
    if (v === UNRESOLVED) {
      const p = this.paths[c.pathId]!;
      const found = attributeValue(this.frame.input, p.root, p.path);
      v = this.values[c.pathId] = found.found ? found.value : MISSING;
    }
    if (v === MISSING) return false;
    // Plain loops: this runs for every offer a walk pops, so no closures and no allocation.
    switch (c.kind) {
      case "in":
        return c.values.includes(v as IndexValue);
      case "contains":
        if (Array.isArray(v)) {
          for (let i = 0; i < c.values.length; i++) if (v.includes(c.values[i])) return true;
          return false;
        }
        if (typeof v === "object" && v !== null) {
          for (let i = 0; i < c.values.length; i++)
            if (Object.hasOwn(v, String(c.values[i]))) return true;
        }
        return false;
      case "range":
        return (
          typeof v === "number" &&
          (c.loIn ? v >= c.lo : v > c.lo) &&
          (c.hiIn ? v <= c.hi : v < c.hi)
        );
    }
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
