import { fileURLToPath } from "node:url";
import { DecisionEngine } from "@offerkit/core";
import { retailDemoLibrary } from "@offerkit/core/demo";
import { createOfferkitClient } from "@offerkit/client";
import { createStorefront } from "./storefront-app.js";

// OFFERKIT_SERVER_URL set: decide on the decision server; else in process with the demo library.
const serverUrl = process.env.OFFERKIT_SERVER_URL;
const apiKey = process.env.OFFERKIT_API_KEY;
const backend = serverUrl
  ? { client: createOfferkitClient({ baseUrl: serverUrl, ...(apiKey ? { apiKey } : {}) }) }
  : { engine: new DecisionEngine({ library: retailDemoLibrary }) };
const port = Number(process.env.PORT ?? 3000);

createStorefront({ backend, assetsDir: fileURLToPath(new URL("../dist/client", import.meta.url)) }).listen(port, () => {
  console.log(`storefront on http://localhost:${port} (${serverUrl ? `decision server ${serverUrl}` : "in-process engine"})`);
});
