import { Buffer } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unicodeText } from "../../test/unicode-text.js";
import { jsonPrefixEnd, jsonStringBytes } from "./json-string-bytes.js";
import { utf8ByteLength } from "./utf8-byte-length.js";

const anyText = fc.oneof(fc.string({ unit: "binary" }), unicodeText(60));

describe("byte accounting", () => {
  it("utf8ByteLength agrees with Buffer.byteLength, lone surrogates included", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(utf8ByteLength(s)).toBe(Buffer.byteLength(s, "utf8"));
      }),
    );
  });

  it("jsonStringBytes is the UTF-8 size of JSON.stringify minus the quotes", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(jsonStringBytes(s)).toBe(Buffer.byteLength(JSON.stringify(s), "utf8") - 2);
      }),
    );
  });

  it("prices escapes as JSON.stringify writes them", () => {
    expect(jsonStringBytes('"')).toBe(2);
    expect(jsonStringBytes("\n")).toBe(2);
    expect(jsonStringBytes("\u0001")).toBe(6);
    expect(jsonStringBytes("\ud800")).toBe(6);
    expect(jsonStringBytes("😀")).toBe(4);
    expect(jsonStringBytes("é")).toBe(2);
    expect(jsonStringBytes("…")).toBe(3);
  });

  it("jsonPrefixEnd keeps the longest prefix within the budget and never halves a surrogate pair", () => {
    fc.assert(
      fc.property(anyText, fc.nat(300), (s, budget) => {
        const end = jsonPrefixEnd(s, budget);
        expect(jsonStringBytes(s.slice(0, end))).toBeLessThanOrEqual(budget);
        if (end < s.length) {
          const next = end + (s.codePointAt(end)! > 0xffff ? 2 : 1);
          expect(jsonStringBytes(s.slice(0, next))).toBeGreaterThan(budget);
        }
      }),
    );
  });
});
