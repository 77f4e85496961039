import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileTemplate } from "./compile-template.js";
import { TemplateCompileError } from "./template-compile-error.js";

const promo = readFileSync(new URL("../../test/fixtures/promo.mjml", import.meta.url), "utf8");

function body(inner: string, head = "<mj-title>Subject</mj-title>"): string {
  return `<mjml><mj-head>${head}</mj-head><mj-body>${inner}</mj-body></mjml>`;
}
const section = (inner: string) => `<mj-section><mj-column>${inner}</mj-column></mj-section>`;

async function compileError(source: string): Promise<TemplateCompileError> {
  try {
    await compileTemplate(source);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateCompileError);
    return error as TemplateCompileError;
  }
  throw new Error("expected a compile error");
}

describe("compileTemplate", () => {
  it("pre-renders every slot variant and lists the template's tokens", async () => {
    const compiled = await compileTemplate(promo, { id: "promo", version: "3" });
    expect(compiled.slots.map((s) => [s.decisionId, s.placementId, s.items, s.layout])).toEqual([
      ["promo", "email-hero", 1, "rows"],
      ["promo", "email-grid", 3, "columns"],
    ]);
    const grid = compiled.slots[1]!;
    expect(grid.variants).toHaveLength(4);
    expect(grid.variants[0]!.html).toEqual([]);
    const html = (parts: unknown[]) =>
      parts.filter((p): p is string => typeof p === "string").join("");
    // Each variant carries exactly `count` item columns, sized for that count; the fallback has its own markup.
    for (const count of [1, 2, 3]) {
      const variant = html(grid.variants[count]!.html);
      expect(variant.match(/grid-item(?!-outlook)/g)).toHaveLength(count);
      expect(variant).toContain(`mj-column-per-${count === 1 ? "100" : count === 2 ? "50" : "33"}`);
    }
    expect(html(grid.fallback.html)).toContain("grid-fallback");
    expect(html(grid.fallback.html)).not.toContain("grid-item");
    expect(grid.links).toEqual(["{{ item.link }}", "{{ item.attributes.moreUrl }}"]);
    expect(compiled.tokens).toEqual([
      "item.attributes.discountPct",
      "item.attributes.label",
      "item.attributes.moreUrl",
      "item.content | html",
      "item.link",
      "item.name",
      "item.offerId",
      "profile.firstName",
      'profile.firstName | default: "Hello"',
      'profile.firstName | default: "you"',
      "recipient.id",
      "unsubscribeUrl",
    ]);
    expect(compiled.mjmlVersion).toBe("5.4.1");
    expect(compiled.warnings).toEqual([]);
    expect(compiled.maxTemplateBytes).toBeGreaterThan(5_000);
    expect(compiled.maxTemplateBytes).toBeLessThan(60_000);
  });

  it("gives the same cache key for the same input and a different one when anything changes", async () => {
    const a = await compileTemplate(promo, { id: "promo", version: "3" });
    const b = await compileTemplate(promo, { id: "promo", version: "3" });
    const c = await compileTemplate(promo, { id: "promo", version: "4" });
    expect(a.cacheKey).toBe(b.cacheKey);
    expect(c.cacheKey).not.toBe(a.cacheKey);
  });

  it("accepts tokens with or without inner whitespace", async () => {
    const compiled = await compileTemplate(
      body(section("<mj-text>{{profile.a}} {{   profile.b   }}</mj-text>")),
    );
    expect(compiled.tokens).toEqual(["profile.a", "profile.b"]);
  });

  it("takes the subject from <mj-title> or the subject option", async () => {
    const fromTitle = await compileTemplate(
      body(section("<mj-text>x</mj-text>"), "<mj-title>Hi {{ profile.firstName }}</mj-title>"),
    );
    expect(fromTitle.subject).toMatchObject([
      "Hi ",
      { ref: { root: "profile", path: ["firstName"] }, escaping: "plain" },
    ]);
    const explicit = await compileTemplate(body(section("<mj-text>x</mj-text>")), {
      subject: "Sale for {{ recipient.email }}",
    });
    expect(explicit.subject).toMatchObject([
      "Sale for ",
      { ref: { root: "recipient", field: "email" } },
    ]);
    await expect(
      compileTemplate(`<mjml><mj-body>${section("<mj-text>x</mj-text>")}</mj-body></mjml>`),
    ).rejects.toThrow(/no subject/);
  });

  it.each([
    [
      "invalid MJML (unknown attribute)",
      body(section('<mj-text colour="red">x</mj-text>')),
      /MJML line/,
    ],
    [
      "a token in a typed attribute",
      body(section('<mj-text color="{{ profile.color }}">x</mj-text>')),
      /MJML line/,
    ],
    [
      "a token in CSS",
      body(
        section("<mj-text>x</mj-text>"),
        "<mj-title>S</mj-title><mj-style>.a { color: {{ profile.color }} }</mj-style>",
      ),
      /CSS/,
    ],
    [
      "a token in a style attribute",
      body(section('<mj-text><span style="color:{{ profile.color }}">x</span></mj-text>')),
      /style attribute/,
    ],
    [
      "a token in an event handler",
      body(section('<mj-text><span onclick="{{ profile.x }}">x</span></mj-text>')),
      /event handler/,
    ],
    [
      "item.* outside mj-offer",
      body(section("<mj-text>{{ item.name }}</mj-text>")),
      /only available inside <mj-offer>/,
    ],
    [
      "an unknown root",
      body(section("<mj-text>{{ secrets.key }}</mj-text>")),
      /unknown name "secrets"/,
    ],
    [
      "html filter on a profile field",
      body(section("<mj-text>{{ profile.bio | html }}</mj-text>")),
      /offer content only/,
    ],
    [
      "an unknown filter",
      body(section("<mj-text>{{ profile.bio | upper }}</mj-text>")),
      /unknown filter/,
    ],
    ["a bad token", body(section("<mj-text>{{ profile..x }}</mj-text>")), /dotted path/],
    [
      "an unknown item field",
      body(
        `<mj-offer decision="d" placement="p">${section("<mj-text>{{ item.price }}</mj-text>")}</mj-offer>`,
      ),
      /item fields are/,
    ],
    [
      "offer HTML in an attribute",
      body(
        `<mj-offer decision="d" placement="p">${section('<mj-image src="https://x.example/a.png" alt="{{ item.content | html }}" />')}</mj-offer>`,
      ),
      /not into attributes/,
    ],
    [
      "mj-offer without a decision",
      body(`<mj-offer placement="p">${section("<mj-text>x</mj-text>")}</mj-offer>`),
      /decision=/,
    ],
    [
      "too many items",
      body(
        `<mj-offer decision="d" placement="p" items="31">${section("<mj-text>x</mj-text>")}</mj-offer>`,
      ),
      /items must be 1..30/,
    ],
    [
      "columns layout given sections",
      body(
        `<mj-offer decision="d" placement="p" layout="columns">${section("<mj-text>x</mj-text>")}</mj-offer>`,
      ),
      /takes mj-column/,
    ],
    [
      "an unsafe static offer link",
      body(
        `<mj-offer decision="d" placement="p">${section('<mj-button href="javascript:alert(1)">x</mj-button>')}</mj-offer>`,
      ),
      /must be an http\(s\) URL/,
    ],
    [
      "an inline data: image in an offer link",
      body(
        `<mj-offer decision="d" placement="p">${section('<mj-text><a href="data:text/html,x">x</a></mj-text>')}</mj-offer>`,
      ),
      /must be an http\(s\) URL/,
    ],
    ["reserved characters", body(section("<mj-text>a\u2063b</mj-text>")), /reserved characters/],
  ])("refuses %s at registration", async (_name, source, message) => {
    const error = await compileError(source);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toMatch(message);
  });

  it("ignores mj-include unless an include folder is allowed", async () => {
    const source = body(`<mj-include path="/etc/passwd" />${section("<mj-text>x</mj-text>")}`);
    const compiled = await compileTemplate(source);
    const html = compiled.html.filter((p): p is string => typeof p === "string").join("");
    expect(html).not.toContain("root:");
  });

  it("generates the text part once, without preheader, images or markup", async () => {
    const compiled = await compileTemplate(promo);
    const text = compiled.text.map((p) => (typeof p === "string" ? p : `<${p.kind}>`)).join("");
    expect(text).toMatch(
      /^Hi <value>! Your account \[https:\/\/shop\.test\.example\/account\?u=<value>\]\n\n<slot><slot>Unsubscribe \[<value>\]\n$/,
    );
    const grid = compiled.slots[1]!.variants[2]!.text.map((p) =>
      typeof p === "string" ? p : `<${p.kind}>`,
    ).join("");
    expect(grid).toBe(
      "<value> [<value>]\n\n<value>\n\nMore [<value>] <value>\n\n<value> [<value>]\n\n<value>\n\nMore [<value>] <value>\n\n",
    );
  });
});
