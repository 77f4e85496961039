import type { Environment } from "@marcbachmann/cel-js";
import { attributePathOf, childrenOf, type CelNode, iterationVariableOf } from "./cel-ast.js";
import { RE2_MATCHES_FUNCTION } from "./cel-environment.js";
import type { ExpressionProblem } from "./expression.js";
import { RULE_LIMITS, type RuleLimits } from "./limits.js";
import { re2Problem } from "./safe-regex.js";

/** A parsed program of cel-js: callable with an activation, carrying its AST. */
export type CelProgram = ((activation: Record<string, unknown>) => unknown) & {
  ast: CelNode;
  check(): { valid: boolean; type?: string; error?: unknown };
};

export type ParseOutcome =
  | { ok: true; program: CelProgram; ast: CelNode; type: string }
  | { ok: false; problems: ExpressionProblem[] };

/**
 * Parse, apply offerkit's guardrails, route `matches` to RE2 and type-check. Shared by the
 * interpreter and the compiler so both accept exactly the same expressions.
 */
export function parseAndCheck(
  env: Environment,
  source: string,
  limits: RuleLimits = RULE_LIMITS,
): ParseOutcome {
  if (typeof source !== "string")
    return { ok: false, problems: [{ message: "expression must be a string" }] };
  if (source.length > limits.maxSourceLength) {
    return {
      ok: false,
      problems: [
        {
          message: `expression is ${source.length} characters long; the limit is ${limits.maxSourceLength}`,
          span: { start: limits.maxSourceLength, end: source.length },
        },
      ],
    };
  }
  let program: CelProgram;
  try {
    program = env.parse(source) as unknown as CelProgram;
  } catch (error) {
    return { ok: false, problems: [problemOf(error)] };
  }
  const problems = guardrailProblems(program.ast, limits);
  if (problems.length > 0) return { ok: false, problems };
  const checked = program.check();
  if (!checked.valid) return { ok: false, problems: [problemOf(checked.error)] };
  return { ok: true, program, ast: program.ast, type: checked.type ?? "dyn" };
}

/**
 * Size, depth and attribute-count limits, checked on the tree before the (recursive) type checker
 * runs; also rewrites `.matches(` calls to the RE2 overload and validates literal patterns.
 * Iterative, so hostile nesting cannot exhaust the stack here.
 */
function guardrailProblems(root: CelNode, limits: RuleLimits): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  const paths = new Map<string, CelNode>();
  let nodes = 0;
  let depthReported = false;
  const stack: { node: CelNode; depth: number; parentOp: string; shadowed: ReadonlySet<string> }[] =
    [{ node: root, depth: 1, parentOp: "", shadowed: new Set() }];
  while (stack.length > 0) {
    const { node, depth, parentOp, shadowed } = stack.pop() as (typeof stack)[number];
    nodes++;
    if (depth > limits.maxNestingDepth && !depthReported) {
      depthReported = true;
      problems.push({
        message: `expression nests deeper than ${limits.maxNestingDepth} levels`,
        span: { start: node.start, end: node.end },
      });
    }
    const path = attributePathOf(node, shadowed);
    if (path !== undefined && !(parentOp === "." || parentOp === "[]")) {
      paths.set(`${path.root}\u0000${path.path.join("\u0000")}`, node);
    }
    if (node.op === "rcall") routeMatchesToRe2(node, problems);
    const iterVar = iterationVariableOf(node);
    const inner = iterVar === undefined ? shadowed : new Set([...shadowed, iterVar]);
    // Pushed in reverse so nodes are visited in source order (the limit problem points at the first path over it).
    for (const child of childrenOf(node).reverse()) {
      const chained = (node.op === "&&" || node.op === "||") && child.op === node.op;
      stack.push({
        node: child,
        depth: chained ? depth : depth + 1,
        parentOp: node.op,
        shadowed: inner,
      });
    }
  }
  if (nodes > limits.maxAstNodes) {
    problems.push({
      message: `expression has ${nodes} syntax nodes; the limit is ${limits.maxAstNodes}`,
      span: { start: root.start, end: root.end },
    });
  }
  if (paths.size > limits.maxAttributePaths) {
    const extra = [...paths.values()][limits.maxAttributePaths] as CelNode;
    problems.push({
      message: `expression reads ${paths.size} distinct attributes; the limit is ${limits.maxAttributePaths}`,
      span: { start: extra.start, end: extra.end },
    });
  }
  return problems;
}

function routeMatchesToRe2(node: CelNode, problems: ExpressionProblem[]): void {
  const args = node.args as [string, CelNode, CelNode[]];
  if (args[0] !== "matches") return;
  args[0] = RE2_MATCHES_FUNCTION;
  const pattern = args[2][0];
  if (args[2].length === 1 && pattern?.op === "value" && typeof pattern.args === "string") {
    const problem = re2Problem(pattern.args);
    if (problem !== undefined)
      problems.push({ message: problem, span: { start: pattern.start, end: pattern.end } });
  }
}

export function firstLine(error: unknown): string {
  const summary = (error as { summary?: unknown } | undefined)?.summary;
  const m =
    typeof summary === "string" ? summary : error instanceof Error ? error.message : String(error);
  return m.split("\n")[0] ?? m;
}

export function problemOf(error: unknown): ExpressionProblem {
  const range = (error as { range?: { start?: unknown; end?: unknown } } | undefined)?.range;
  const message = firstLine(error);
  if (range && typeof range.start === "number" && typeof range.end === "number") {
    return { message, span: { start: range.start, end: Math.max(range.end, range.start) } };
  }
  return { message };
}
