import { describe, expect, it } from "vitest";
import { escapeHtml, headerText, plainText, safeUrl } from "./escape.js";

describe("escapeHtml", () => {
  it("escapes the five characters that matter in text and quoted attributes", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
    );
    expect(escapeHtml("plain text")).toBe("plain text");
  });
});

describe("safeUrl", () => {
  it.each([
    ["https://shop.example/p?a=1&b=2", "link", "https://shop.example/p?a=1&b=2"],
    ["http://shop.example", "resource", "http://shop.example"],
    ["  https://shop.example/  ", "link", "https://shop.example/"],
    ["mailto:help@shop.example", "link", "mailto:help@shop.example"],
    ["mailto:help@shop.example", "resource", undefined],
    ["javascript:alert(1)", "link", undefined],
    ["JaVaScRiPt:alert(1)", "link", undefined],
    ["java\tscript:alert(1)", "link", undefined],
    ["data:text/html;base64,PHNjcmlwdD4=", "link", undefined],
    ["data:image/png;base64,AAAA", "resource", undefined],
    ["vbscript:msgbox(1)", "link", undefined],
    ["//evil.example/x", "link", undefined],
    ["/relative/path", "link", undefined],
    ["https:evil.example", "link", undefined],
    ["https://", "link", undefined],
    ["https://user@evil.example/", "link", undefined],
    ["https://shop.example/\u2028x", "link", undefined],
    ["https://bücher.example/", "link", "https://bücher.example/"],
    ["", "link", undefined],
  ] as const)("%j as %s → %j", (value, use, expected) => {
    expect(safeUrl(value, use)).toBe(expected);
  });
});

describe("header and plain text", () => {
  it("keeps header values on one line (no header injection)", () => {
    expect(headerText("Hello\r\nBcc: victim@example.com\u0000  there")).toBe(
      "Hello Bcc: victim@example.com there",
    );
  });
  it("keeps line breaks in the text part but drops other control characters", () => {
    expect(plainText("a\nb\tc\u0007d\u001b[31m")).toBe("a\nb\tcd[31m");
  });
});
