import { compile } from "html-to-text";

/**
 * HTML → plain text for the text/plain part, run at compile time only (≈5 ms per email). Tokens
 * arrive as opaque placeholders, so nothing here can reshape them (no uppercasing of headings, no
 * wrapping — long lines are fine in quoted-printable). Images are dropped (alt text of layout images
 * is noise), a link shows its URL in brackets unless the text is the URL.
 */
export const htmlToPlainText: (html: string) => string = compile({
  wordwrap: false,
  preserveNewlines: false,
  selectors: [
    { selector: "img", format: "skip" },
    {
      selector: "a",
      options: { hideLinkHrefIfSameAsText: true, linkBrackets: ["[", "]"], ignoreHref: false },
    },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "h4", options: { uppercase: false } },
    { selector: "h5", options: { uppercase: false } },
    { selector: "h6", options: { uppercase: false } },
    { selector: "table", format: "block" },
    { selector: "tr", format: "block" },
    { selector: "td", format: "block" },
    { selector: "th", format: "block" },
    { selector: "title", format: "skip" },
  ],
});
