import { CapCheckMemo } from "../caps/cap-check-memo.js";
import type { z } from "zod";
import { OfferkitError, type Issue } from "../errors/offerkit-error.js";
import { Collection } from "../model/collection.js";
import { Decision } from "../model/decision.js";
import { LibraryBundle } from "../model/library.js";
import { Offer, isFallbackOffer } from "../model/offer.js";
import { Placement } from "../model/placement.js";
import { RankingFormula, Rule, type RuleRef } from "../model/rule.js";
import type { Representation } from "../model/representation.js";
import type {
  CompiledExpression,
  CompileOutcome,
  OfferView,
  RuleRuntime,
} from "../rules/expression.js";
import { collectionMembers } from "./collection-members.js";
import type {
  CompiledCriterion,
  CompiledGroup,
  CompiledDecision,
  CompiledLibrary,
  CompiledOffer,
  CompiledRanking,
  CompiledScope,
} from "./compiled-library.js";
import type { EligibilityIndex } from "./eligibility-index.js";
import { PredicateIndex, predicateCache } from "./predicate-index.js";
import { newRuleRuntime } from "./default-runtime.js";
import { planOrderedMembersSteps, readsOffer } from "./ranking-plan.js";
import { ContactPolicy } from "../model/contact-policy.js";
import {
  armPairKey,
  compileContactPolicies,
  learnedConfig,
  type CompiledLearnedRanking,
} from "./compiled-learning.js";

export interface CompileLibraryOptions {
  runtime?: RuleRuntime;
  /** Builds the eligibility index of a criterion; defaults to the predicate index. */
  buildIndex?: (members: readonly CompiledOffer[], runtime: RuleRuntime) => EligibilityIndex;
  /** Pre-sort criteria for the best-first walk (default true; false gives the plain full scan). */
  orderedWalk?: boolean;
}

type Path = (string | number)[];

/**
 * Validates a library bundle and compiles it into an immutable snapshot. Every problem is collected
 * (schema, dangling references, semantics, rules that do not parse or type-check) and reported at
 * once in one OfferkitError("INVALID_LIBRARY") whose issues carry paths.
 */
export function compileLibrary(
  input: unknown,
  options: CompileLibraryOptions = {},
): CompiledLibrary {
  const steps = compileSteps(input, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same compilation in time slices of at most `sliceMs`, yielding to the event loop between
 * slices, so a server can compile a large library beside live traffic and then swap it in.
 */
export async function compileLibraryAsync(
  input: unknown,
  options: CompileLibraryOptions & { sliceMs?: number } = {},
): Promise<CompiledLibrary> {
  const steps = compileSteps(input, options);
  const sliceMs = options.sliceMs ?? 8;
  for (;;) {
    const end = Date.now() + sliceMs;
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (Date.now() >= end) break;
    }
    await yieldToEventLoop();
  }
}

/** A macrotask turn (every runtime core targets has setTimeout; core is typed without DOM or Node). */
function yieldToEventLoop(): Promise<void> {
  const timer = (globalThis as { setTimeout?: (fn: () => void, ms: number) => unknown }).setTimeout;
  return new Promise((resolve) => (timer ? timer(resolve, 0) : resolve()));
}

/** Yields between units of work (an offer, a rule, a criterion); returns the snapshot. */
export function* compileSteps(
  input: unknown,
  options: CompileLibraryOptions,
): Generator<void, CompiledLibrary, void> {
  // Each library version gets its own compiler: attribute slots belong to one compiler.
  const runtime = options.runtime ?? newRuleRuntime();
  const issues: Issue[] = [];
  const report = (path: Path, message: string, span?: { start: number; end: number }) =>
    issues.push(span ? { path, message, span } : { path, message });

  const { bundle, sourceIndex } = yield* parseBundle(input, report);
  // Paths name the element's position in the input, even when earlier elements failed the schema.
  const at = (key: ListKey, i: number) => sourceIndex[key][i] ?? i;

  // --- ids are unique per kind
  const offersById = uniqueById(bundle.offers, "offers", at, report);
  const placementsById = uniqueById(bundle.placements, "placements", at, report);
  const collectionsById = uniqueById(bundle.collections, "collections", at, report);
  const rulesById = uniqueById(bundle.rules, "rules", at, report);
  const formulasById = uniqueById(bundle.rankingFormulas, "rankingFormulas", at, report);
  uniqueById(bundle.decisions, "decisions", at, report);
  uniqueById(bundle.contactPolicies, "contactPolicies", at, report);

  // --- rules and formulas of the library
  const compiledRules = new Map<string, CompiledExpression<boolean>>();
  for (const [i, rule] of bundle.rules.entries()) {
    const c = reportCompile(
      runtime.compileBool(rule.expression),
      ["rules", at("rules", i), "expression"],
      report,
    );
    if (c) compiledRules.set(rule.id, c);
    yield;
  }
  const compiledFormulas = new Map<string, CompiledExpression<number>>();
  for (const [i, f] of bundle.rankingFormulas.entries()) {
    const c = reportCompile(
      runtime.compileNumber(f.expression),
      ["rankingFormulas", at("rankingFormulas", i), "expression"],
      report,
    );
    if (c) compiledFormulas.set(f.id, c);
    yield;
  }
  const ruleOf = (
    ref: RuleRef | undefined,
    path: Path,
  ): CompiledExpression<boolean> | undefined => {
    if (ref === undefined) return undefined;
    if ("ruleId" in ref) {
      if (!rulesById.has(ref.ruleId)) report([...path, "ruleId"], `unknown rule "${ref.ruleId}"`);
      return compiledRules.get(ref.ruleId);
    }
    return reportCompile(runtime.compileBool(ref.expression), [...path, "expression"], report);
  };

  // --- offers
  const predicatesOf = predicateCache();
  const offers: CompiledOffer[] = [];
  for (const [i, offer] of bundle.offers.entries()) {
    const compiled = compileOffer(i, offer);
    offers.push(compiled);
    // Extract index predicates here, one offer per step, rather than in one long index build.
    if (!options.buildIndex) predicatesOf(compiled);
    yield;
  }
  function compileOffer(i: number, offer: LibraryBundle["offers"][number]): CompiledOffer {
    const path: Path = ["offers", at("offers", i)];
    const representations = new Map<string, Representation[]>();
    offer.representations.forEach((r, j) => {
      const placement = placementsById.get(r.placementId);
      if (!placement)
        report(
          [...path, "representations", j, "placementId"],
          `unknown placement "${r.placementId}"`,
        );
      else if (placement.contentType !== r.type) {
        report(
          [...path, "representations", j, "type"],
          `placement "${placement.id}" takes ${placement.contentType} content, not ${r.type}`,
        );
      }
      const list = representations.get(r.placementId) ?? [];
      list.push(r);
      representations.set(r.placementId, list);
    });
    if (isFallbackOffer(offer)) {
      return compiledOffer(i, offer, representations, undefined, undefined, undefined);
    }
    const startMs = offer.startDate === undefined ? undefined : Date.parse(offer.startDate);
    const endMs = offer.endDate === undefined ? undefined : Date.parse(offer.endDate);
    if (startMs !== undefined && endMs !== undefined && endMs <= startMs) {
      report([...path, "endDate"], "endDate must be after startDate");
    }
    const capIds = new Set<string>();
    offer.caps.forEach((cap, j) => {
      if (capIds.has(cap.id)) report([...path, "caps", j, "id"], `duplicate cap id "${cap.id}"`);
      capIds.add(cap.id);
      if (Array.isArray(cap.placements)) {
        cap.placements.forEach((pid, k) => {
          if (!placementsById.has(pid))
            report([...path, "caps", j, "placements", k], `unknown placement "${pid}"`);
        });
      }
      if (cap.window?.type === "calendar" && !isTimeZone(cap.window.timeZone)) {
        report(
          [...path, "caps", j, "window", "timeZone"],
          `unknown IANA time zone "${cap.window.timeZone}"`,
        );
      }
    });
    const eligibility = ruleOf(offer.eligibility, [...path, "eligibility"]);
    return compiledOffer(i, offer, representations, startMs, endMs, eligibility);
  }

  const compiledById = new Map(offers.map((o) => [o.id, o]));

  // --- collections
  const membersByCollection = new Map<string, CompiledOffer[]>();
  bundle.collections.forEach((collection, i) => {
    if (collection.kind === "static") {
      collection.offerIds.forEach((oid, j) => {
        const offer = offersById.get(oid);
        if (!offer)
          report(["collections", at("collections", i), "offerIds", j], `unknown offer "${oid}"`);
        else if (isFallbackOffer(offer))
          report(
            ["collections", at("collections", i), "offerIds", j],
            `"${oid}" is a fallback offer; collections hold personalized offers`,
          );
      });
    }
    membersByCollection.set(collection.id, collectionMembers(collection, offers));
  });

  // --- decisions
  const buildIndex = options.buildIndex ?? ((members) => new PredicateIndex(members, predicatesOf));
  const armPairs = new Set<string>();
  const decisions = new Map<string, CompiledDecision>();
  for (const [i, decision] of bundle.decisions.entries()) {
    const path: Path = ["decisions", at("decisions", i)];
    const startMs = decision.startDate === undefined ? undefined : Date.parse(decision.startDate);
    const endMs = decision.endDate === undefined ? undefined : Date.parse(decision.endDate);
    if (startMs !== undefined && endMs !== undefined && endMs <= startMs) {
      report([...path, "endDate"], "endDate must be after startDate");
    }
    const fallbackOffer = offersById.get(decision.fallbackOfferId);
    const fallback = fallbackOffer ? compiledById.get(fallbackOffer.id) : undefined;
    if (!fallbackOffer)
      report([...path, "fallbackOfferId"], `unknown offer "${decision.fallbackOfferId}"`);
    else if (!isFallbackOffer(fallbackOffer))
      report([...path, "fallbackOfferId"], `"${fallbackOffer.id}" is not a fallback offer`);

    const scopes = new Map<string, CompiledScope>();
    for (const [s, scope] of decision.scopes.entries()) {
      const sp: Path = [...path, "scopes", s];
      const placement = placementsById.get(scope.placementId);
      if (!placement) report([...sp, "placementId"], `unknown placement "${scope.placementId}"`);
      if (scopes.has(scope.placementId))
        report(
          [...sp, "placementId"],
          `placement "${scope.placementId}" appears twice in this decision`,
        );
      if (
        fallbackOffer &&
        isFallbackOffer(fallbackOffer) &&
        !fallbackOffer.representations.some((r) => r.placementId === scope.placementId)
      ) {
        report(
          [...path, "fallbackOfferId"],
          `fallback offer "${fallbackOffer.id}" has no representation for placement "${scope.placementId}"`,
        );
      }
      const groups: CompiledGroup[] = [];
      for (const [g, group] of scope.groups.entries()) {
        const criteria: CompiledCriterion[] = [];
        for (const [c, criterion] of group.criteria.entries()) {
          const cp: Path = [...sp, "groups", g, "criteria", c];
          if (!collectionsById.has(criterion.collectionId))
            report([...cp, "collectionId"], `unknown collection "${criterion.collectionId}"`);
          const members = membersByCollection.get(criterion.collectionId) ?? [];
          const rule = ruleOf(criterion.rule, [...cp, "rule"]);
          let ranking: CompiledRanking = { method: "priority" };
          if (criterion.ranking.method === "formula") {
            let formula: CompiledExpression<number> | undefined;
            if ("formulaId" in criterion.ranking) {
              if (!formulasById.has(criterion.ranking.formulaId))
                report(
                  [...cp, "ranking", "formulaId"],
                  `unknown ranking formula "${criterion.ranking.formulaId}"`,
                );
              formula = compiledFormulas.get(criterion.ranking.formulaId);
            } else {
              formula = reportCompile(
                runtime.compileNumber(criterion.ranking.expression),
                [...cp, "ranking", "expression"],
                report,
              );
            }
            if (formula) ranking = { method: "formula", formula };
          } else if (criterion.ranking.method !== "priority") {
            ranking = compileLearnedRanking(criterion.ranking, [...cp, "ranking"]);
            for (const m of members) armPairs.add(armPairKey(m.id, scope.placementId));
          }
          const eligibilityIndex = buildIndex(members, runtime);
          if (eligibilityIndex.steps) yield* eligibilityIndex.steps();
          // Learned scores change with every draw: no static best-first order.
          const learned = ranking.method === "thompson" || ranking.method === "arbitration";
          const ordered =
            options.orderedWalk === false || learned
              ? undefined
              : yield* planOrderedMembersSteps(members, ranking, runtime);
          if (ordered) eligibilityIndex.prepare(ordered);
          const ruleReadsOffer = rule !== undefined && readsOffer(rule.source);
          criteria.push({
            index: c,
            collectionId: criterion.collectionId,
            members,
            rule,
            ruleReadsOffer,
            ranking,
            eligibilityIndex,
            ordered,
          });
          yield;
        }
        groups.push({ criteria });
      }
      if (placement) scopes.set(scope.placementId, { placement, groups });
      yield;
    }
    if (fallback) decisions.set(decision.id, { decision, startMs, endMs, scopes, fallback });
  }

  // --- contact policies
  bundle.contactPolicies.forEach((policy, i) => {
    const path: Path = ["contactPolicies", at("contactPolicies", i)];
    const target = policy.target;
    if ("offerId" in target) {
      const offer = offersById.get(target.offerId);
      if (!offer) report([...path, "target", "offerId"], `unknown offer "${target.offerId}"`);
      else if (isFallbackOffer(offer))
        report(
          [...path, "target", "offerId"],
          `"${target.offerId}" is a fallback offer; policies target personalized offers`,
        );
    }
    policy.placements?.forEach((pid, k) => {
      if (!placementsById.has(pid))
        report([...path, "placements", k], `unknown placement "${pid}"`);
    });
  });
  const contactPolicies = compileContactPolicies(bundle);

  if (issues.length > 0) {
    throw new OfferkitError(
      "INVALID_LIBRARY",
      `the library has ${issues.length} problem${issues.length === 1 ? "" : "s"}: ${issues[0]?.message ?? ""}`,
      { issues },
    );
  }
  return Object.freeze({
    version: bundle.version,
    bundle,
    runtime,
    offers,
    offersById: compiledById,
    placements: placementsById,
    decisions,
    learning: {
      contactPolicies: contactPolicies.policies,
      policiesByOffer: contactPolicies.byOffer,
      armPairs,
    },
  });

  function compileLearnedRanking(
    ranking: Extract<
      LibraryBundle["decisions"][number]["scopes"][number]["groups"][number]["criteria"][number]["ranking"],
      { method: "thompson" | "arbitration" }
    >,
    path: Path,
  ): CompiledLearnedRanking {
    const learned = learnedConfig(ranking);
    if (ranking.method === "thompson") return { method: "thompson", learned };
    const number = (source: string | undefined, key: string) =>
      source === undefined
        ? undefined
        : reportCompile(runtime.compileNumber(source), [...path, key], report);
    const propensity =
      ranking.propensity === undefined || ranking.propensity === "model"
        ? "model"
        : number(ranking.propensity, "propensity");
    return {
      method: "arbitration",
      learned,
      value: number(ranking.value, "value"),
      // A propensity expression that failed to compile was reported; "model" keeps the snapshot typed.
      propensity: propensity ?? "model",
      levers: number(ranking.levers, "levers"),
    };
  }
}

/** validateLibrary: the same checks as compileLibrary, as a result instead of an exception. */
export function validateLibrary(
  input: unknown,
  options: CompileLibraryOptions = {},
): { ok: true; library: LibraryBundle } | { ok: false; issues: Issue[] } {
  try {
    return { ok: true, library: compileLibrary(input, options).bundle };
  } catch (error) {
    const e = OfferkitError.fromUnknown(error);
    if (e.code !== "INVALID_LIBRARY") throw e;
    return { ok: false, issues: e.issues };
  }
}

function compiledOffer(
  index: number,
  offer: Offer,
  representations: Map<string, Representation[]>,
  startMs: number | undefined,
  endMs: number | undefined,
  eligibility: CompiledExpression<boolean> | undefined,
): CompiledOffer {
  const fallback = isFallbackOffer(offer);
  const priority = fallback ? 0 : offer.priority;
  const caps = fallback ? [] : offer.caps;
  const view: OfferView = Object.freeze({
    id: offer.id,
    priority,
    tags: offer.tags,
    attributes: offer.attributes,
    startDate: startMs === undefined ? undefined : new Date(startMs),
    endDate: endMs === undefined ? undefined : new Date(endMs),
  });
  return {
    index,
    id: offer.id,
    offer,
    isFallback: fallback,
    approved: offer.status === "approved",
    startMs,
    endMs,
    priority,
    view,
    representations,
    eligibility,
    caps,
    capChecks: caps.map((cap) => new CapCheckMemo(offer.id, cap, startMs)),
    decisionCaps: caps.filter((c) => c.event === "decision"),
  };
}

/**
 * Parses each element on its own so one bad offer does not hide the problems of the others; elements
 * that fail the schema are reported and left out of the semantic checks.
 */
type ListKey =
  | "offers"
  | "placements"
  | "collections"
  | "rules"
  | "rankingFormulas"
  | "decisions"
  | "contactPolicies";

function* parseBundle(
  input: unknown,
  report: (path: Path, message: string) => void,
): Generator<void, { bundle: LibraryBundle; sourceIndex: Record<ListKey, number[]> }, void> {
  const sourceIndex: Record<ListKey, number[]> = {
    offers: [],
    placements: [],
    collections: [],
    rules: [],
    rankingFormulas: [],
    decisions: [],
    contactPolicies: [],
  };
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    report([], "a library bundle must be an object");
    return { bundle: LibraryBundle.parse({}), sourceIndex };
  }
  const raw = input as Record<string, unknown>;
  const out = LibraryBundle.parse({});
  const version = LibraryBundle.shape.version.safeParse(raw["version"]);
  if (version.success) out.version = version.data;
  else addZodIssues(version.error, ["version"], report);
  const lists: [ListKey, z.ZodType][] = [
    ["offers", Offer],
    ["placements", Placement],
    ["collections", Collection],
    ["rules", Rule],
    ["rankingFormulas", RankingFormula],
    ["decisions", Decision],
    ["contactPolicies", ContactPolicy],
  ];
  for (const [key, schema] of lists) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      report([key], "must be a list");
      continue;
    }
    const parsed: unknown[] = [];
    for (const [i, item] of value.entries()) {
      if (i % 128 === 127) yield;
      const r = schema.safeParse(item);
      if (r.success) {
        parsed.push(r.data);
        sourceIndex[key].push(i);
      } else addZodIssues(r.error, [key, i], report);
    }
    (out as Record<string, unknown>)[key] = parsed;
  }
  for (const key of Object.keys(raw)) {
    if (!(key in LibraryBundle.shape)) report([key], `unknown field "${key}"`);
  }
  return { bundle: out, sourceIndex };
}

function addZodIssues(
  error: z.ZodError,
  prefix: Path,
  report: (path: Path, message: string) => void,
) {
  for (const issue of error.issues) {
    report(
      [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      issue.message,
    );
  }
}

function uniqueById<T extends { id: string }>(
  items: readonly T[],
  key: ListKey,
  at: (key: ListKey, i: number) => number,
  report: (path: Path, message: string) => void,
): Map<string, T> {
  const byId = new Map<string, T>();
  items.forEach((item, i) => {
    if (byId.has(item.id)) report([key, at(key, i), "id"], `duplicate id "${item.id}"`);
    else byId.set(item.id, item);
  });
  return byId;
}

function reportCompile<T>(
  outcome: CompileOutcome<T>,
  path: Path,
  report: (path: Path, message: string, span?: { start: number; end: number }) => void,
): CompiledExpression<T> | undefined {
  if (outcome.ok) return outcome.expression;
  for (const p of outcome.problems) {
    const where = p.span ? ` (at ${p.span.start}..${p.span.end})` : "";
    report(path, `${p.message}${where}`, p.span);
  }
  return undefined;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
