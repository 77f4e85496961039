import { bootstrapScript, type OfferBootstrap } from "@offerkit/client";
import { PAGE_CONFIG_ID, type PageConfig } from "./page-config.js";

/**
 * Sizes are fixed in CSS where content arrives late (hero), so the page never moves: with a
 * server decision nothing arrives late at all, and without one the invisible fallback holds the box.
 */
const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.4 system-ui,sans-serif;color:#1d2a2f}
header{display:flex;justify-content:space-between;padding:16px 24px;background:#0f3d3e;color:#fff}
.hero{padding:24px}.hero-slot{height:200px;overflow:hidden;border-radius:12px;background:#e8f1ef;padding:24px}
.hero-slot h2{margin:0 0 8px}.products{display:grid;grid-template-columns:repeat(3,1fr);gap:24px;padding:24px}
.product .picture{height:260px;border-radius:8px;background:#d9e2e1}.more{padding:24px}
.more-slot [data-offerkit-item]{padding:12px 0;border-bottom:1px solid #d9e2e1}footer{padding:48px 24px;color:#6b7b80}
`;

export interface HtmlDocumentInput {
  appHtml: string;
  config: PageConfig;
  bootstrap?: OfferBootstrap;
}

export function htmlDocument({ appHtml, config, bootstrap }: HtmlDocumentInput): string {
  const configJson = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind — offerkit storefront</title>
<style>${CSS}</style>
</head>
<body>
<div id="root">${appHtml}</div>
${bootstrap ? bootstrapScript(bootstrap) : ""}
<script type="application/json" id="${PAGE_CONFIG_ID}">${configJson}</script>
<script type="module" src="/assets/storefront.js"></script>
</body>
</html>`;
}
