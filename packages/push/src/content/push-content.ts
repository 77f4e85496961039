import type { JsonValue, Representation } from "@offerkit/core";
import { InvalidPushInputError } from "../errors/push-error.js";

/** The text a notification shows. Only these fields are ever truncated. */
export interface PushText {
  title?: string;
  subtitle?: string;
  body: string;
}

/** What a push representation carries, after validation. See README "Push representations". */
export interface PushContent {
  text: PushText;
  /** Language of `text` (first entry of the representation's `language`), if declared. */
  language?: string;
  imageUrl?: string;
  deepLink?: string;
  /** Per-locale overrides of the text, keyed by BCP 47 tag. */
  locales: Record<string, Partial<PushText>>;
}

const TEXT_KEYS = ["title", "subtitle", "body"] as const;
const CONTENT_KEYS = new Set<string>([...TEXT_KEYS, "imageUrl", "deepLink", "locales"]);

/**
 * Reads an offer representation as push content:
 * - `json`: `{ title?, subtitle?, body?, imageUrl?, deepLink?, locales?: { tag: { title?, subtitle?, body? } } }`
 * - `text`: the string is the body
 * - `image`: `url` is the image, `altText` the body
 * `html` and content by reference (`url` without inline content) are refused: a push cannot
 * render HTML, and builders are pure so they never fetch. `linkUrl` is the deep link unless the
 * JSON content names one.
 *
 * Results are remembered per representation object: the engine hands out the library's own
 * representation objects, so a bulk send validates each offer's content once, not once per
 * recipient. Representations are therefore treated as immutable; the result must not be mutated.
 */
export function readPushContent(representation: Representation): PushContent {
  let content = validated.get(representation);
  if (content === undefined) {
    content = readUncached(representation);
    validated.set(representation, content);
  }
  return content;
}

const validated = new WeakMap<Representation, PushContent>();

function readUncached(representation: Representation): PushContent {
  const base = { language: representation.language?.[0], linkUrl: representation.linkUrl };
  switch (representation.type) {
    case "text":
      if (typeof representation.content !== "string") {
        throw new InvalidPushInputError(
          ["representation", "content"],
          "push needs inline text content",
        );
      }
      return finish({ text: { body: representation.content }, locales: {} }, base);
    case "image":
      if (representation.url === undefined) {
        throw new InvalidPushInputError(
          ["representation", "url"],
          "an image representation needs a url",
        );
      }
      return finish(
        { text: { body: representation.altText ?? "" }, imageUrl: representation.url, locales: {} },
        base,
      );
    case "json":
      return finish(readJsonContent(representation.content), base);
    case "html":
      throw new InvalidPushInputError(
        ["representation", "type"],
        "html cannot be shown in a push notification",
      );
  }
}

function finish(
  content: PushContent,
  base: { language: string | undefined; linkUrl: string | undefined },
): PushContent {
  const deepLink = content.deepLink ?? base.linkUrl;
  const out: PushContent = { text: content.text, locales: content.locales };
  if (base.language !== undefined) out.language = base.language;
  if (content.imageUrl !== undefined) out.imageUrl = requireHttpsImage(content.imageUrl);
  if (deepLink !== undefined) out.deepLink = requireLink(deepLink);
  if (!hasText(out.text) && !Object.values(out.locales).some(hasText)) {
    throw new InvalidPushInputError(
      ["representation", "content"],
      "push content needs a title or a body",
    );
  }
  return out;
}

function readJsonContent(content: JsonValue | undefined): PushContent {
  const path = ["representation", "content"];
  const object = asObject(content, path);
  for (const key of Object.keys(object)) {
    if (!CONTENT_KEYS.has(key))
      throw new InvalidPushInputError([...path, key], "unknown push content field");
  }
  const text: PushText = { body: "", ...readText(object, path) };
  const out: PushContent = { text, locales: {} };
  const imageUrl = optionalString(object, "imageUrl", path);
  if (imageUrl !== undefined) out.imageUrl = imageUrl;
  const deepLink = optionalString(object, "deepLink", path);
  if (deepLink !== undefined) out.deepLink = deepLink;
  if (object.locales !== undefined) {
    const locales = asObject(object.locales, [...path, "locales"]);
    for (const [tag, value] of Object.entries(locales)) {
      const localePath = [...path, "locales", tag];
      if (!isLocaleTag(tag))
        throw new InvalidPushInputError(localePath, "not a BCP 47 language tag");
      out.locales[tag] = readText(asObject(value, localePath), localePath);
    }
  }
  return out;
}

function readText(object: Record<string, JsonValue>, path: string[]): Partial<PushText> {
  const text: Partial<PushText> = {};
  for (const key of TEXT_KEYS) {
    const value = optionalString(object, key, path);
    if (value !== undefined) text[key] = value;
  }
  return text;
}

function hasText(text: Partial<PushText>): boolean {
  return (text.title ?? "") !== "" || (text.body ?? "") !== "";
}

function asObject(value: JsonValue | undefined, path: string[]): Record<string, JsonValue> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidPushInputError(path, "must be an object");
  }
  return value;
}

function optionalString(
  object: Record<string, JsonValue>,
  key: string,
  path: string[],
): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string")
    throw new InvalidPushInputError([...path, key], "must be a string");
  return value;
}

/** BCP 47 shape (language, then 1–8 character subtags); a regex, as Intl's check costs ~10 µs a tag. */
const LOCALE_TAG = /^[a-zA-Z]{2,8}(?:[-_][a-zA-Z0-9]{1,8})*$/;

function isLocaleTag(tag: string): boolean {
  return LOCALE_TAG.test(tag);
}

/** https, a host, no whitespace: what the devices will fetch. A regex because URL parsing costs ~0.5 µs. */
const HTTPS_URL = /^https:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i;
/** Any scheme (app deep links like shop://offer/1 are fine) followed by something, no whitespace. */
const LINK = /^[a-z][a-z0-9+.-]*:\S+$/i;

/** Providers fetch images from the device: only https is allowed (ATS on iOS, mixed content on web). */
export function requireHttpsImage(url: string): string {
  if (!HTTPS_URL.test(url)) {
    throw new InvalidPushInputError(
      ["imageUrl"],
      `images must be https URLs, got ${JSON.stringify(url)}`,
    );
  }
  return url;
}

/** Deep links may use an app scheme (myapp://offer/1) or https; they must at least be URLs. */
function requireLink(url: string): string {
  if (!LINK.test(url))
    throw new InvalidPushInputError(["deepLink"], `not a URL: ${JSON.stringify(url)}`);
  return url;
}
