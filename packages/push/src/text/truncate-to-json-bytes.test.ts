import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { graphemesByEnd, truncationProblem, unicodeText } from "../../test/unicode-text.js";
import { jsonStringBytes } from "./json-string-bytes.js";
import { truncateToJsonBytes } from "./truncate-to-json-bytes.js";

describe("truncateToJsonBytes", () => {
  it("returns text that fits unchanged", () => {
    expect(truncateToJsonBytes("Hello", 5)).toBe("Hello");
  });

  it("cuts on a grapheme boundary, drops trailing spaces, appends …", () => {
    expect(truncateToJsonBytes("Hello big world", 12)).toBe("Hello big…");
    expect(truncateToJsonBytes("Hello   world", 11)).toBe("Hello…");
  });

  it("keeps emoji sequences whole", () => {
    const family = "👨‍👩‍👧‍👦"; // 25 bytes
    expect(truncateToJsonBytes(`ab${family}cdef`, 29)).toBe("ab…");
    expect(truncateToJsonBytes(`ab${family}cdef`, 30)).toBe(`ab${family}…`);
    expect(truncateToJsonBytes("🇫🇷🇩🇪🇮🇹", 14)).toBe("🇫🇷…");
    expect(truncateToJsonBytes("e\u0301".repeat(4), 8)).toBe("e\u0301…"); // combining acute stays on its e
  });

  it("gives an empty string rather than a lone …", () => {
    expect(truncateToJsonBytes("👨‍👩‍👧‍👦 family", 10)).toBe("");
    expect(truncateToJsonBytes("abc def", 3)).toBe("");
  });

  it("never exceeds the budget, never splits a grapheme, and keeps every cluster that fits", () => {
    fc.assert(
      fc.property(unicodeText(200), fc.nat(1500), (text, budget) => {
        const out = truncateToJsonBytes(text, budget);
        expect(jsonStringBytes(out)).toBeLessThanOrEqual(budget);
        expect(truncationProblem(text, out)).toBeUndefined();
        if (out !== text && out !== "") {
          // Maximal: the cluster after the cut (when not whitespace) would not have fitted.
          const kept = out.slice(0, -1);
          const clusters = [...graphemesByEnd(text).entries()].sort(([a], [b]) => a - b);
          const next = clusters.find(([end]) => end > kept.length);
          const gap = text.slice(kept.length, next![0]);
          if (!/^\s+$/u.test(gap)) expect(jsonStringBytes(kept + gap) + 3).toBeGreaterThan(budget);
        }
      }),
      { numRuns: 300 },
    );
  });
});
