/** The parts of @marcbachmann/cel-js's AST that offerkit reads (its typings do not describe nodes). */
export interface CelNode {
  readonly op: string;
  args: unknown;
  readonly start: number;
  readonly end: number;
  readonly checkedType?: { readonly name: string; readonly kind?: string };
}

export type AttributeRoot = "profile" | "context";

/** Direct sub-expressions of a node, in source order (macros are walked through their call form). */
export function childrenOf(node: CelNode): CelNode[] {
  const args = node.args as never;
  switch (node.op) {
    case "value":
    case "id":
      return [];
    case ".":
    case ".?":
      return [(args as [CelNode, string])[0]];
    case "call":
      return [...(args as [string, CelNode[]])[1]];
    case "rcall": {
      const [, receiver, callArgs] = args as [string, CelNode, CelNode[]];
      return [receiver, ...callArgs];
    }
    case "list":
      return [...(args as CelNode[])];
    case "map":
      return (args as [CelNode, CelNode][]).flatMap(([k, v]) => [k, v]);
    case "!_":
    case "-_":
      return [args as CelNode];
    default:
      return Array.isArray(args) ? [...(args as CelNode[])] : [];
  }
}

/** `a && b && c` as [a, b, c] (iteratively: long chains must not recurse). */
export function flattenChain(node: CelNode, op: "&&" | "||"): CelNode[] {
  const out: CelNode[] = [];
  const stack: CelNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as CelNode;
    if (n.op === op) {
      const [l, r] = n.args as [CelNode, CelNode];
      stack.push(r, l);
    } else out.push(n);
  }
  return out;
}

export function literalOf(node: CelNode): { ok: true; value: unknown } | { ok: false } {
  return node.op === "value" ? { ok: true, value: node.args } : { ok: false };
}

/**
 * `profile.a.b` / `context["x"].y` as root + keys, or undefined when the node is not a static
 * attribute path. `shadowed` names iteration variables in scope (they hide profile/context).
 */
export function attributePathOf(
  node: CelNode,
  shadowed: ReadonlySet<string> = EMPTY,
): { root: AttributeRoot; path: string[] } | undefined {
  const keys: string[] = [];
  let n = node;
  for (;;) {
    if (n.op === ".") {
      const [left, key] = n.args as [CelNode, string];
      keys.push(key);
      n = left;
    } else if (n.op === "[]") {
      const [left, index] = n.args as [CelNode, CelNode];
      if (index.op !== "value" || typeof index.args !== "string") return undefined;
      keys.push(index.args);
      n = left;
    } else break;
  }
  if (n.op !== "id") return undefined;
  const name = n.args as string;
  if ((name !== "profile" && name !== "context") || shadowed.has(name)) return undefined;
  return { root: name, path: keys.reverse() };
}

const EMPTY: ReadonlySet<string> = new Set();

/** Macros whose first argument is an iteration variable. */
export const COMPREHENSION_MACROS: ReadonlySet<string> = new Set([
  "all",
  "exists",
  "exists_one",
  "map",
  "filter",
]);

/** Iteration variable declared by a comprehension macro call node, if any. */
export function iterationVariableOf(node: CelNode): string | undefined {
  if (node.op !== "rcall") return undefined;
  const [name, , callArgs] = node.args as [string, CelNode, CelNode[]];
  const first = callArgs[0];
  if (!COMPREHENSION_MACROS.has(name) || first?.op !== "id") return undefined;
  return first.args as string;
}
