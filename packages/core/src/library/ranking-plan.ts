import { childrenOf, type CelNode } from "../rules/cel-ast.js";
import { createCelEnvironment } from "../rules/cel-environment.js";
import type { CompiledExpression, RuleRuntime } from "../rules/expression.js";
import type { CompiledOffer, CompiledRanking } from "./compiled-library.js";

/**
 * A criterion's members pre-sorted so that the pipeline can walk them best-first and stop once the
 * scope is full, instead of evaluating every member's rule.
 *
 * The order is exact when every member's score is `static(offer) + dynamic(request)`, computed as a
 * single IEEE addition (or just one of the two): then the order of the static parts is the order of
 * the scores for every request. That holds for priority ranking and for formulas that are a static
 * term, a request term, or `static + request` in either order — e.g. the benchmark's
 * `offer.priority * 2 + (profile.ltv > 1000.0 ? 10.0 : 0.0)`.
 * Such a formula may also end in bounded terms that read both (`… + (offer.endDate - now <
 * duration('72h') ? 15 : 0)`): a conditional whose branches are constants. Then `static + dynamic`
 * plus each term's largest constant is an upper bound of the score (IEEE addition is monotonic), and
 * the walk evaluates members until the best one it holds beats every bound still ahead.
 * Anything else gets no plan and is evaluated in full.
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
  /**
   * Largest value of each bounded trailing term, in formula order (empty: the order is exact). A
   * member's score is at most `staticScores[i] + shift + boundedMax[0] + …`, added in that order.
   */
  readonly boundedMax: readonly number[];
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
  let boundedMax: number[] = [];
  if (ranking.method === "thompson" || ranking.method === "arbitration") return undefined; // no static order
  if (ranking.method === "priority") {
    staticOf = (o) => o.priority;
  } else {
    const source = ranking.formula.source;
    const bounded = splitBoundedTerms(source);
    const split = bounded && splitFormula(source, bounded.prefix);
    if (!split) return undefined;
    boundedMax = bounded.boundedMax;
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
  return { members: scored.map((x) => x.offer), staticScores, blockEnd, dynamic, boundedMax };
}

/**
 * `P + B1 + … + Bk` (left-associated, as CEL parses it) with each Bi a bounded term that reads both
 * offer and request: P's source and each Bi's largest value. A formula without such terms is all P.
 */
function splitBoundedTerms(source: string): { prefix: CelNode; boundedMax: number[] } | undefined {
  let node: CelNode;
  try {
    node = (createCelEnvironment().parse(source) as unknown as { ast: CelNode }).ast;
  } catch {
    return undefined;
  }
  const boundedMax: number[] = [];
  while (node.op === "+") {
    const [left, right] = node.args as [CelNode, CelNode];
    if (dependence(right) !== "both") break;
    const range = constantRange(right);
    if (range === undefined) return undefined;
    boundedMax.unshift(range.max);
    node = left;
  }
  return { prefix: node, boundedMax };
}

/** The values a term can take when it is a number literal or a conditional over such terms. */
function constantRange(node: CelNode): { min: number; max: number } | undefined {
  if (node.op === "value") {
    const v = node.args;
    const n = typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : Number.NaN;
    return Number.isFinite(n) ? { min: n, max: n } : undefined;
  }
  if (node.op === "-_") {
    const inner = constantRange(node.args as CelNode);
    return inner && { min: -inner.max, max: -inner.min };
  }
  if (node.op !== "?:") return undefined;
  const [, whenTrue, whenFalse] = node.args as [CelNode, CelNode, CelNode];
  const a = constantRange(whenTrue);
  const b = constantRange(whenFalse);
  return a && b ? { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) } : undefined;
}

/**
 * `S`, `R` or `S + R` / `R + S` at the top of `root` (a node of `source`), with S reading only offer
 * and R only the request, as source texts.
 */
function splitFormula(
  source: string,
  root: CelNode,
): { staticSource?: string; dynamicSource?: string } | undefined {
  const text = (n: CelNode) => nodeText(source, n);
  const whole = dependence(root);
  if (whole === "none" || whole === "offer") return { staticSource: text(root) };
  if (whole === "request") return { dynamicSource: text(root) };
  if (root.op !== "+") return undefined;
  const [left, right] = root.args as [CelNode, CelNode];
  const l = dependence(left);
  const r = dependence(right);
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

/**
 * A node's source text. Node spans are not exact around parentheses (`(a ? 1 : 0) + b` spans from
 * `a`), so the span is widened by up to three parentheses on each side, and a text is accepted only
 * when it parses to the very same tree. A text that cannot be recovered ("" never compiles) only
 * costs the plan, never correctness.
 */
function nodeText(source: string, node: CelNode): string {
  const env = createCelEnvironment();
  for (let widen = 0; widen <= 6; widen++) {
    for (let left = 0; left <= Math.min(widen, 3); left++) {
      const right = widen - left;
      if (right > 3) continue;
      const start = extend(source, node.start, -1, left);
      const end = extend(source, node.end, 1, right);
      if (start === undefined || end === undefined) continue;
      const text = source.slice(start, end);
      try {
        if (sameTree((env.parse(text) as unknown as { ast: CelNode }).ast, node)) return text;
      } catch {
        // unbalanced: widen further
      }
    }
  }
  return "";
}

/** The index `count` parentheses beyond `at` (skipping blanks), or undefined when there are not that many. */
function extend(source: string, at: number, direction: -1 | 1, count: number): number | undefined {
  let i = at;
  for (let n = 0; n < count; n++) {
    if (direction < 0) {
      while (i > 0 && /\s/.test(source[i - 1]!)) i--;
      if (source[i - 1] !== "(") return undefined;
      i--;
    } else {
      while (i < source.length && /\s/.test(source[i]!)) i++;
      if (source[i] !== ")") return undefined;
      i++;
    }
  }
  return i;
}

/** Structural equality of two parsed trees (positions and checked types ignored). */
function sameTree(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || typeof a !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameTree(x, b[i]));
  }
  const x = a as Partial<CelNode>;
  const y = b as Partial<CelNode>;
  return x.op === y.op && sameTree(x.args, y.args);
}
