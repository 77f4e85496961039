import type { ReactNode } from "react";
import type { Representation } from "@offerkit/core";
import type { HtmlSanitizer } from "./html-sanitizer.js";

/** Only http(s) URLs reach an href or src (a bootstrap payload is still data from elsewhere). */
function safeUrl(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
}

export interface RepresentationViewProps {
  representation: Representation;
  /** The offer's name: alt text of last resort. */
  name: string;
  sanitizer: HtmlSanitizer;
}

/**
 * Built-in renderers: text, image and sanitized HTML. JSON has no generic look, so it renders
 * nothing here; pass a render function to <OfferSlot> for it.
 */
export function RepresentationView({
  representation,
  name,
  sanitizer,
}: RepresentationViewProps): ReactNode {
  const { type, content, url, linkUrl, altText } = representation;
  if (type === "html") {
    // HTML keeps its own links: wrapping it in <a> would nest anchors.
    return typeof content === "string" ? (
      <div
        data-offerkit-html=""
        dangerouslySetInnerHTML={{ __html: sanitizer.sanitize(content) }}
      />
    ) : null;
  }
  const src = safeUrl(url);
  const body =
    type === "text" && typeof content === "string" ? (
      content
    ) : type === "image" && src ? (
      <img src={src} alt={altText ?? name} />
    ) : null;
  const href = safeUrl(linkUrl);
  return body !== null && href ? <a href={href}>{body}</a> : body;
}
