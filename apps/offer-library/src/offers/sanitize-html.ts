import DOMPurify from "dompurify";

export interface SanitizedHtml {
  html: string;
  /** Images without an alt attribute: an accessibility problem of the content itself. */
  imagesWithoutAlt: number;
}

/**
 * HTML content as the preview shows it: sanitized by DOMPurify (no scripts, handlers or javascript:
 * URLs). Images without alt text are counted for a warning and shown as decorative (alt="").
 */
export function sanitizeHtml(source: string): SanitizedHtml {
  const fragment = DOMPurify.sanitize(source, { RETURN_DOM_FRAGMENT: true });
  let imagesWithoutAlt = 0;
  for (const img of Array.from(fragment.querySelectorAll("img"))) {
    if (!img.hasAttribute("alt")) {
      imagesWithoutAlt += 1;
      img.setAttribute("alt", "");
    }
  }
  const container = document.createElement("div");
  container.append(fragment);
  return { html: container.innerHTML, imagesWithoutAlt };
}
