import type { Condition, Workload } from "../../src/bench-workload/workload.js";

/**
 * The "plain hand-written AST→closure full scan" peer: each rule becomes nested closures that
 * resolve their attribute paths on every evaluation; every offer is evaluated for every profile.
 */
type Data = Record<string, unknown>;
type Pred = (d: Data) => boolean;

function get(d: Data, path: readonly string[]): unknown {
  let v: unknown = d;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Data)[k];
  }
  return v;
}

function compile(c: Condition): Pred {
  switch (c.kind) {
    case "eq": {
      const p = c.path.split(".");
      return (d) => get(d, p) === c.value;
    }
    case "cmp": {
      const p = c.path.split(".");
      const v = c.value;
      switch (c.op) {
        case ">":
          return (d) => (get(d, p) as number) > v;
        case ">=":
          return (d) => (get(d, p) as number) >= v;
        case "<":
          return (d) => (get(d, p) as number) < v;
        case "<=":
          return (d) => (get(d, p) as number) <= v;
      }
      break;
    }
    case "member": {
      const p = c.path.split(".");
      return (d) => {
        const list = get(d, p);
        return Array.isArray(list) && list.includes(c.value);
      };
    }
    case "or": {
      const l = compile(c.left);
      const r = compile(c.right);
      return (d) => l(d) || r(d);
    }
  }
}

export function closureBaseline(workload: Workload) {
  const rules = workload.offers.map((o) => {
    const preds = o.conditions.map(compile);
    return { id: o.id, priority: o.priority, test: (d: Data) => preds.every((p) => p(d)) };
  });
  return (profile: Data, context: Data): string[] => {
    const data = { profile, context };
    const scored: { id: string; score: number; priority: number }[] = [];
    for (const r of rules) {
      if (!r.test(data)) continue;
      const score = r.priority * 2 + ((profile["ltv"] as number) > 1000 ? 10 : 0);
      scored.push({ id: r.id, score, priority: r.priority });
    }
    scored.sort((a, b) => b.score - a.score || b.priority - a.priority || (a.id < b.id ? -1 : 1));
    return scored.slice(0, 3).map((s) => s.id);
  };
}
