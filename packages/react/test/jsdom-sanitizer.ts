import DOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { createHtmlSanitizer, type PurifyInstance } from "../src/html-sanitizer.js";

/** DOMPurify over jsdom: a DOM DOMPurify supports (happy-dom is not one; see html-sanitizer.ts). */
export const jsdomSanitizer = createHtmlSanitizer(
  DOMPurify(new JSDOM("").window as unknown as Window & typeof globalThis) as PurifyInstance,
);
