import { describe, expect, it } from "vitest";
import { jsonRepresentation, rankedItem, sampleMessage } from "../../test/sample-message.js";
import { preparePush } from "../message/prepare-push.js";
import { localize } from "./localize.js";
import { readPushContent } from "./push-content.js";
import { textDirection } from "./text-direction.js";

const localized = jsonRepresentation(
  {
    title: "Spring sale",
    body: "20% off",
    locales: {
      "fr-FR": { title: "Soldes", body: "20 % de remise" },
      ar: { body: "خصم 20٪" },
      "pt-BR": { body: "20% de desconto" },
    },
  },
  { language: ["en-US"] },
);

describe("readPushContent", () => {
  it("reads text, image and json representations; linkUrl is the deep link", () => {
    expect(
      readPushContent({
        placementId: "p",
        type: "text",
        content: "Hello",
        linkUrl: "https://a.example/x",
      }),
    ).toEqual({
      text: { body: "Hello" },
      deepLink: "https://a.example/x",
      locales: {},
    });
    expect(
      readPushContent({
        placementId: "p",
        type: "image",
        url: "https://cdn.example/a.png",
        altText: "A sale",
      }),
    ).toMatchObject({
      text: { body: "A sale" },
      imageUrl: "https://cdn.example/a.png",
    });
    expect(
      readPushContent(
        jsonRepresentation(
          { body: "b", deepLink: "shop://offer/1" },
          { linkUrl: "https://x.example" },
        ),
      ).deepLink,
    ).toBe("shop://offer/1");
  });

  it("refuses html, content by reference, http images, unknown fields and empty content", () => {
    expect(() => readPushContent({ placementId: "p", type: "html", content: "<b>x</b>" })).toThrow(
      /html/,
    );
    expect(() =>
      readPushContent({ placementId: "p", type: "text", url: "https://a.example/c.txt" }),
    ).toThrow(/inline/);
    expect(() =>
      readPushContent({
        placementId: "p",
        type: "image",
        url: "http://cdn.example/a.png",
        altText: "x",
      }),
    ).toThrow(/https/);
    expect(() =>
      readPushContent(jsonRepresentation({ body: "b", imageUrl: "data:image/png;base64,AAAA" })),
    ).toThrow(/https/);
    expect(() => readPushContent(jsonRepresentation({ body: "b", colour: "red" }))).toThrow(
      /unknown/,
    );
    expect(() => readPushContent(jsonRepresentation({ title: "" }))).toThrow(/title or a body/);
    expect(() =>
      readPushContent(jsonRepresentation({ body: "b", locales: { "not a tag!": { body: "x" } } })),
    ).toThrow(/BCP 47/);
  });
});

describe("localize", () => {
  const content = readPushContent(localized);

  it("picks the exact locale, then the language, then any region of the language, then the base", () => {
    expect(localize(content, "fr-FR")).toEqual({
      text: { title: "Soldes", body: "20 % de remise" },
      lang: "fr-FR",
      dir: "ltr",
    });
    expect(localize(content, "fr-ca").lang).toBe("fr-FR");
    expect(localize(content, "pt").lang).toBe("pt-BR");
    expect(localize(content, "de-DE")).toEqual({
      text: { title: "Spring sale", body: "20% off" },
      lang: "en-US",
      dir: "ltr",
    });
    expect(localize(content, undefined).lang).toBe("en-US");
  });

  it("falls back field by field to the base text", () => {
    expect(localize(content, "ar-EG")).toEqual({
      text: { title: "Spring sale", body: "خصم 20٪" },
      lang: "ar",
      dir: "rtl",
    });
  });
});

describe("textDirection", () => {
  it("knows right-to-left languages and honours script subtags", () => {
    expect(textDirection("ar")).toBe("rtl");
    expect(textDirection("he-IL")).toBe("rtl");
    expect(textDirection("fa")).toBe("rtl");
    expect(textDirection("az-Arab")).toBe("rtl");
    expect(textDirection("fr-FR")).toBe("ltr");
    expect(textDirection("ku-Latn")).toBe("ltr");
  });
});

describe("content cache", () => {
  it("validates a representation once and never lets one message's defaults leak into another", () => {
    const representation = jsonRepresentation({ body: "No title here" });
    expect(readPushContent(representation)).toBe(readPushContent(representation));
    const item = rankedItem(representation);
    expect(preparePush(sampleMessage({ item, defaultTitle: "Shop" }), {}).text.title).toBe("Shop");
    expect(preparePush(sampleMessage({ item }), {}).text.title).toBeUndefined();
  });
});
