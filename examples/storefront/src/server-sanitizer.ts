import DOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { createHtmlSanitizer, type PurifyInstance } from "@offerkit/react";

/** DOMPurify needs a DOM; on the server that is jsdom (the one DOM DOMPurify supports there). */
export const serverSanitizer = createHtmlSanitizer(
  DOMPurify(new JSDOM("").window as unknown as Window & typeof globalThis) as PurifyInstance,
);
