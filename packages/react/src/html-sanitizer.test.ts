// @vitest-environment node
import { describe, expect, it } from "vitest";
import { renderToString } from "react-dom/server";
import { createElement } from "react";
import { jsdomSanitizer } from "../test/jsdom-sanitizer.js";
import { defaultHtmlSanitizer } from "./html-sanitizer.js";
import { RepresentationView } from "./representation-view.js";

const hostile =
  '<p onclick="steal()">Hi<script>steal()</script><a href="javascript:steal()">x</a><iframe src="https://evil.example"></iframe></p>';

describe("HTML sanitizer", () => {
  it("emits nothing on a server without a DOM instead of DOMPurify's unchanged input", () => {
    expect(defaultHtmlSanitizer.sanitize(hostile)).toBe("");
    const html = renderToString(
      createElement(RepresentationView, {
        representation: { placementId: "p", type: "html", content: hostile },
        name: "x",
        sanitizer: defaultHtmlSanitizer,
      }),
    );
    expect(html).toBe('<div data-offerkit-html=""></div>');
  });

  it("sanitizes on a server with a jsdom-backed DOMPurify", () => {
    const clean = jsdomSanitizer.sanitize(hostile);
    expect(clean).toContain("Hi");
    expect(clean).not.toMatch(/onclick|<script|javascript:|<iframe/);
  });
});
