import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MergedSource, RangeSource } from "./position-source.js";

const drain = (s: { next(): number }) => {
  const out: number[] = [];
  for (let v = s.next(); v !== -1; v = s.next()) out.push(v);
  return out;
};

describe("position sources", () => {
  it("RangeSource yields 0..n-1", () => {
    expect(drain(new RangeSource(4))).toEqual([0, 1, 2, 3]);
  });

  it("MergedSource yields the sorted union without duplicates, peek agreeing with next", () => {
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(fc.nat(200)), { maxLength: 12 }), (lists) => {
        const sorted = lists.map((l) => Int32Array.from([...l].sort((a, b) => a - b)));
        const s = new MergedSource(sorted);
        const out: number[] = [];
        for (;;) {
          const p = s.peek();
          const v = s.next();
          expect(v).toBe(p);
          if (v === -1) break;
          out.push(v);
        }
        expect(out).toEqual([...new Set(lists.flat())].sort((a, b) => a - b));
      }),
    );
  });
});
