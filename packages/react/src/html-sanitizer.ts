import DOMPurify from "dompurify";

/** Turns untrusted offer HTML into HTML that is safe to insert. */
export interface HtmlSanitizer {
  sanitize(html: string): string;
}

/** The part of a DOMPurify instance we use (the default export or `DOMPurify(window)`). */
export interface PurifyInstance {
  readonly isSupported: boolean;
  sanitize(html: string, config: { FORBID_TAGS: string[]; RETURN_TRUSTED_TYPE: false }): string;
}

const CONFIG = { FORBID_TAGS: ["style", "form"], RETURN_TRUSTED_TYPE: false } as const;
const CANARY = "<img src=x onerror=alert(1)><script>alert(2)</script>";

/**
 * Wrap a DOMPurify instance. Scripts, event handlers and javascript: URLs are DOMPurify's
 * defaults; style elements (restyle the host page) and forms (credential phishing) go too.
 * DOMPurify returns its input UNCHANGED where it has no DOM, and a DOM emulation can break it
 * silently (happy-dom does), so a canary is sanitized first: if it survives, every offer's HTML
 * renders empty. Servers pass `DOMPurify(new JSDOM("").window)`.
 */
export function createHtmlSanitizer(purify: PurifyInstance): HtmlSanitizer {
  let works: boolean | undefined;
  return {
    sanitize(html) {
      works ??=
        purify.isSupported &&
        !/onerror|<script/i.test(
          purify.sanitize(CANARY, { ...CONFIG, FORBID_TAGS: [...CONFIG.FORBID_TAGS] }),
        );
      return works
        ? purify.sanitize(html, { ...CONFIG, FORBID_TAGS: [...CONFIG.FORBID_TAGS] })
        : "";
    },
  };
}

export const defaultHtmlSanitizer: HtmlSanitizer = createHtmlSanitizer(DOMPurify as PurifyInstance);
