import { childrenOf, type CelNode } from "../rules/cel-ast.js";
import { createCelEnvironment } from "../rules/cel-environment.js";
import type { CompiledExpression, RuleRuntime } from "../rules/expression.js";
import type { CompiledOffer, CompiledRanking } from "./compiled-library.js";

/**
 * A criterion's members pre-sorted so that the pipeline can walk them best-first and stop once the
 * scope is full, instead of evaluating every member's rule.
 *
 * This is exact only when every member's score is `static(offer) + dynamic(request)`, computed as a
 * single IEEE addition (or just one of the two): then the order of the static parts is the order of
 * the scores for every request. That holds for priority ranking and for formulas that are a static
 * term, a request term, or `static + request` in either order — e.g. the benchmark's
 * `offer.priority * 2 + (profile.ltv > 1000.0 ? 10.0 : 0.0)`. Anything else gets no plan and is
 * evaluated in full.
 */
export interface OrderedMembers {
  /** Members sorted by (static score desc, priority desc, id asc). */
  readonly members: readonly CompiledOffer[];
  /** Static score of members[i]; -Infinity when it fails (the full formula then fails too). */
  readonly staticScores: Float64Array;
  /** For members[i]: the index of the first later member with a different static score. */
  readonly blockEnd: Uint32Array;
  /** The request-dependent addend, evaluated once per request; undefined when there is none. */
  readonly dynamic: CompiledExpression<number> | undefined;
}

const MACROS = new Set(["exists", "all", "exists_one", "map", "filter"]);
const REQUEST_ROOTS = new Set(["profile", "context", "now"]);

type Dependence = "none" | "offer" | "request" | "both";

export function planOrderedMembers(
  members: readonly CompiledOffer[],
  ranking: CompiledRanking,
  runtime: RuleRuntime,
): OrderedMembers | undefined {
  const steps = planOrderedMembersSteps(members, ranking, runtime);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The same, yielding every few hundred static-score evaluations (for the sliced compile). */
export function* planOrderedMembersSteps(
  members: readonly CompiledOffer[],
  ranking: CompiledRanking,
  runtime: RuleRuntime,
): Generator<void, OrderedMembers | undefined, void> {
  let staticOf: (offer: CompiledOffer) => number;
  let dynamic: CompiledExpression<number> | undefined;
  if (ranking.method === "thompson" || ranking.method === "arbitration") return undefined; // no static order
  if (ranking.method === "priority") {
    staticOf = (o) => o.priority;
  } else {
    const split = splitFormula(ranking.formula.source);
    if (!split) return undefined;
    const staticExpr =
      split.staticSource === undefined ? undefined : runtime.compileNumber(split.staticSource);
    const dynamicExpr =
      split.dynamicSource === undefined ? undefined : runtime.compileNumber(split.dynamicSource);
    if ((staticExpr && !staticExpr.ok) || (dynamicExpr && !dynamicExpr.ok)) return undefined;
    dynamic = dynamicExpr?.ok ? dynamicExpr.expression : undefined;
    const compiledStatic = staticExpr?.ok ? staticExpr.expression : undefined;
    // Static terms read only `offer`, so any frame gives the same value.
    const frame = runtime.createFrame({ profile: {}, context: {}, now: new Date(0) });
    staticOf = (o) => {
      if (!compiledStatic) return 0;
      const r = compiledStatic.evaluate(frame, o.view);
      return r.ok ? r.value : Number.NEGATIVE_INFINITY;
    };
  }
  const scored: { offer: CompiledOffer; s: number }[] = [];
  for (let i = 0; i < members.length; i++) {
    if (i % 256 === 255) yield;
    scored.push({ offer: members[i]!, s: staticOf(members[i]!) });
  }
  scored.sort(
    (a, b) =>
      b.s - a.s ||
      b.offer.priority - a.offer.priority ||
      (a.offer.id < b.offer.id ? -1 : a.offer.id > b.offer.id ? 1 : 0),
  );
  const staticScores = Float64Array.from(scored, (x) => x.s);
  const blockEnd = new Uint32Array(scored.length);
  for (let i = scored.length - 1; i >= 0; i--) {
    blockEnd[i] =
      i + 1 < scored.length && staticScores[i + 1] === staticScores[i] ? blockEnd[i + 1]! : i + 1;
  }
  return { members: scored.map((x) => x.offer), staticScores, blockEnd, dynamic };
}

/** `S`, `R` or `S + R` / `R + S` at the top level, with S reading only offer and R only the request. */
function splitFormula(
  source: string,
): { staticSource?: string; dynamicSource?: string } | undefined {
  let root: CelNode;
  try {
    root = (createCelEnvironment().parse(source) as unknown as { ast: CelNode }).ast;
  } catch {
    return undefined;
  }
  const whole = dependence(root);
  if (whole === "none" || whole === "offer") return { staticSource: source };
  if (whole === "request") return { dynamicSource: source };
  if (root.op !== "+") return undefined;
  const [left, right] = root.args as [CelNode, CelNode];
  const l = dependence(left);
  const r = dependence(right);
  const text = (n: CelNode) => source.slice(n.start, n.end);
  if ((l === "offer" || l === "none") && r === "request")
    return { staticSource: text(left), dynamicSource: text(right) };
  if (l === "request" && (r === "offer" || r === "none"))
    return { staticSource: text(right), dynamicSource: text(left) };
  return undefined;
}

/** Whether an expression may read `offer` (true when in doubt, e.g. it does not parse). */
export function readsOffer(source: string): boolean {
  try {
    const d = dependence((createCelEnvironment().parse(source) as unknown as { ast: CelNode }).ast);
    return d === "offer" || d === "both";
  } catch {
    return true;
  }
}

function dependence(node: CelNode): Dependence {
  let offer = false;
  let request = false;
  const stack: CelNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.op === "id") {
      const name = n.args as string;
      if (name === "offer") offer = true;
      else if (REQUEST_ROOTS.has(name)) request = true;
      else return "both"; // an iteration variable: be conservative
    }
    if ((n.op === "rcall" || n.op === "call") && MACROS.has((n.args as [string])[0])) return "both";
    stack.push(...childrenOf(n));
  }
  return offer && request ? "both" : offer ? "offer" : request ? "request" : "none";
}
