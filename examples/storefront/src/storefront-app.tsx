import express, { type Express, type Request, type Response } from "express";
import { renderToString } from "react-dom/server";
import type { OfferBootstrap } from "@offerkit/client";
import {
  anonymousId,
  decisioningRouter,
  offerkit,
  type DecisionBackend,
  type OfferkitOptions,
  type Visitor,
} from "@offerkit/express";
import { retailDemoProfiles } from "@offerkit/core/demo";
import { OfferProvider } from "@offerkit/react";
import { htmlDocument } from "./html-document.js";
import type { PageConfig } from "./page-config.js";
import { serverSanitizer } from "./server-sanitizer.js";
import { ShopPage } from "./shop-page.js";

export interface StorefrontOptions {
  /** In-process DecisionEngine, or a client of the decision server: the shop does not care which. */
  backend: { engine: DecisionBackend } | { client: DecisionBackend };
  /** The Vite build of src/browser.tsx. */
  assetsDir: string;
  revealAfterMs?: number;
  flushIntervalMs?: number;
  decideTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

const HOME_SCOPES = [
  { decisionId: "homepage", placementId: "web-hero" },
  { decisionId: "homepage", placementId: "web-sidebar", itemCount: 3 },
];

/** `?as=cust-ana` lets a demo visitor become one of the demo profiles (remembered in a cookie). */
function identify(req: Request, res: Response): Visitor {
  const requested = typeof req.query.as === "string" ? req.query.as : undefined;
  if (requested !== undefined)
    res.cookie("storefront_as", requested, { httpOnly: true, sameSite: "lax", path: "/" });
  const as = requested ?? /(?:^|;\s*)storefront_as=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
  return retailDemoProfiles.find((p) => p.id === as) ?? { id: anonymousId(req, res) };
}

export function createStorefront(options: StorefrontOptions): Express {
  const offerkitOptions: OfferkitOptions = {
    ...options.backend,
    identify,
    context: () => ({ channel: "web", locale: "en-GB", month: new Date().getUTCMonth() + 1 }),
    decideTimeoutMs: options.decideTimeoutMs ?? 1000,
    ...(options.onError ? { onError: options.onError } : {}),
  };
  const config: PageConfig = {
    offerkitBaseUrl: "/offerkit",
    revealAfterMs: options.revealAfterMs ?? 1500,
    flushIntervalMs: options.flushIntervalMs ?? 2000,
  };
  const render = (bootstrap: OfferBootstrap | undefined): string =>
    htmlDocument({
      appHtml: renderToString(
        <OfferProvider
          {...(bootstrap ? { bootstrap } : {})}
          sanitizer={serverSanitizer}
          revealAfterMs={config.revealAfterMs}
        >
          <ShopPage />
        </OfferProvider>,
      ),
      config,
      ...(bootstrap ? { bootstrap } : {}),
    });

  const app = express();
  app.use(offerkit(offerkitOptions));
  app.use("/offerkit", decisioningRouter(offerkitOptions));
  app.use("/assets", express.static(options.assetsDir, { fallthrough: false }));
  app.get("/favicon.ico", (_req, res) => void res.status(204).end());
  // Decided on the server: the browser renders these offers without asking again.
  app.get("/", async (req, res) => {
    await req.offers.decide(HOME_SCOPES);
    res.type("html").send(render(res.locals.offerkit));
  });
  // No server decision: slots reserve their space and the browser decides through /offerkit.
  app.get("/csr", async (req, res) => {
    await req.offers.visitor();
    res.type("html").send(render(undefined));
  });
  return app;
}
