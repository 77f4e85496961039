import { StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { createOfferkitClient, readBootstrap } from "@offerkit/client";
import { OfferProvider } from "@offerkit/react";
import { PAGE_CONFIG_ID, type PageConfig } from "./page-config.js";
import { ShopPage } from "./shop-page.js";

const config = JSON.parse(
  document.getElementById(PAGE_CONFIG_ID)?.textContent ?? "{}",
) as PageConfig;
// The browser talks to the shop's own router: no API key in the page, the server identifies the visitor.
const client = createOfferkitClient({ baseUrl: config.offerkitBaseUrl });
const bootstrap = readBootstrap();

hydrateRoot(
  document.getElementById("root")!,
  <StrictMode>
    <OfferProvider
      client={client}
      {...(bootstrap ? { bootstrap } : {})}
      revealAfterMs={config.revealAfterMs}
      flushIntervalMs={config.flushIntervalMs}
    >
      <ShopPage />
    </OfferProvider>
  </StrictMode>,
);
