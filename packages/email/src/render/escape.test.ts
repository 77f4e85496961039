import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  escapeHtmlNarrow,
  headerText,
  narrowHtml,
  oneByte,
  plainText,
  safeUrl,
} from "./escape.js";
import { seededRandom } from "../../test/support/seeded-random.js";

describe("escapeHtml", () => {
  it("escapes the five characters that matter in text and quoted attributes", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
    );
    expect(escapeHtml("plain text")).toBe("plain text");
  });
});

/** What an HTML parser makes of escaped text: the five named references and numeric ones. */
function decodeHtml(html: string): string {
  return html.replace(
    /&(?:#(\d+)|(amp|lt|gt|quot));/g,
    (_, code: string | undefined, name: string) =>
      code !== undefined
        ? String.fromCodePoint(
            Number(code) >= 0xd800 && Number(code) <= 0xdfff ? 0xfffd : Number(code),
          )
        : { amp: "&", lt: "<", gt: ">", quot: '"' }[name]!,
  );
}

describe("escapeHtmlNarrow", () => {
  const adversarial = [
    "",
    "plain text",
    `<script>&"'</script>`,
    "Chloé €",
    "€",
    "5 € & 10 £ <b>",
    "emoji 😀 pair, lone \ud83d high, lone \ude00 low, \ud83d\ud83d twice",
    "&#8364; already a reference",
    "\u00ff\u0100\uffff\u0000",
    "quotes \"double\" and 'single'",
  ];
  const random = seededRandom(11);
  const alphabet = [..."ab &<>\"'é€😀", "\ud800", "\udfff", "\u0100", "\u00ff"];
  const samples = [
    ...adversarial,
    ...Array.from({ length: 500 }, () =>
      Array.from(
        { length: Math.floor(random() * 12) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join(""),
    ),
  ];

  it("is escapeHtml wherever escapeHtml leaves no character above U+00FF", () => {
    for (const text of samples) {
      const old = escapeHtml(text);
      if (!/[\u0100-\uffff]/.test(old)) expect(escapeHtmlNarrow(text)).toBe(old);
    }
  });

  it("parses back to the same text (lone surrogates as U+FFFD, as UTF-8 would), with nothing above U+00FF left", () => {
    for (const text of samples) {
      const escaped = escapeHtmlNarrow(text);
      expect(escaped, JSON.stringify(text)).toMatch(/^[^<>"'\u0100-\uffff]*$/);
      expect(escaped.replace(/&(?:#\d+|amp|lt|gt|quot);/g, "")).not.toContain("&");
      expect(decodeHtml(escaped)).toBe(Buffer.from(text, "utf8").toString("utf8"));
      expect(Buffer.from(escaped, "latin1").toString("latin1")).toBe(escaped);
    }
    expect(escapeHtmlNarrow("5 € 😀")).toBe("5 &#8364; &#128512;");
  });

  it("narrowHtml only rewrites characters above U+00FF; oneByte keeps the text", () => {
    const html = `<p title="a &amp; b">5 € <strong>😀</strong> é</p>`;
    expect(narrowHtml(html)).toBe(
      `<p title="a &amp; b">5 &#8364; <strong>&#128512;</strong> é</p>`,
    );
    expect(narrowHtml("<p>é</p>")).toBe("<p>é</p>");
    // Reference: code point by code point (a lone surrogate is its own code point).
    const reference = (text: string) =>
      [...text].map((c) => (c.codePointAt(0)! > 0xff ? `&#${c.codePointAt(0)};` : c)).join("");
    for (const text of samples) {
      const narrow = narrowHtml(text);
      expect(narrow).toBe(reference(text));
      expect(oneByte(narrow)).toBe(narrow);
    }
  });
});

describe("headerText", () => {
  it("returns what the three-pass cleanup returns, with or without the fast path", () => {
    const reference = (text: string) =>
      text
        // eslint-disable-next-line no-control-regex -- the reference cleanup
        .replace(/[\u0000-\u001f\u007f]+/g, " ")
        .replace(/\s{2,}/g, " ")
        .trim();
    const alphabet = [
      "a",
      "é",
      " ",
      "\t",
      "\n",
      "\r",
      "\u0000",
      "\u007f",
      "\u00a0",
      "\u2028",
      "\ufeff",
      "€",
    ];
    let seed = 3;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const samples = [
      "",
      "Hello, Ana",
      " Hello",
      "Hello ",
      "Hi  there",
      "Hi\r\nBcc: x",
      "a\u00a0\u00a0b",
    ];
    for (let i = 0; i < 2000; i++)
      samples.push(
        Array.from(
          { length: Math.floor(random() * 8) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join(""),
      );
    for (const text of samples)
      expect(headerText(text), JSON.stringify(text)).toBe(reference(text));
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
