import { LogicEngine } from "json-logic-engine";
import { toJsonLogic, type Workload } from "../../src/bench-workload/workload.js";

/** json-logic-engine in its compiled mode, on the same rules and formula translated to JSON Logic. */
export function jsonLogicPeer(workload: Workload) {
  const engine = new LogicEngine();
  const formula = engine.build({
    "+": [
      { "*": [{ var: "offer.priority" }, 2] },
      { if: [{ ">": [{ var: "profile.ltv" }, 1000] }, 10, 0] },
    ],
  }) as (data: unknown) => number;
  const rules = workload.offers.map((o) => ({
    id: o.id,
    offer: { id: o.id, priority: o.priority },
    test: engine.build(toJsonLogic(o.conditions)) as (data: unknown) => boolean,
  }));
  return (profile: Record<string, unknown>, context: Record<string, unknown>): string[] => {
    const data = { profile, context };
    const scored: { id: string; score: number; priority: number }[] = [];
    for (const r of rules) {
      if (!r.test(data)) continue;
      scored.push({
        id: r.id,
        score: formula({ profile, context, offer: r.offer }),
        priority: r.offer.priority,
      });
    }
    scored.sort((a, b) => b.score - a.score || b.priority - a.priority || (a.id < b.id ? -1 : 1));
    return scored.slice(0, 3).map((s) => s.id);
  };
}
