import { fileURLToPath } from "node:url";
import { DecisionEngine } from "@offerkit/core";
import { retailDemoLibrary } from "@offerkit/core/demo";
import { createOfferkitClient } from "@offerkit/client";
import { createStorefront } from "./storefront-app.js";

/** OFFERKIT_SERVER_URL set: decide on the decision server; else in process with the demo library. */
export function startStorefront(env: NodeJS.ProcessEnv = process.env): void {
  const serverUrl = env.OFFERKIT_SERVER_URL;
  const apiKey = env.OFFERKIT_API_KEY;
  const backend = serverUrl
    ? { client: createOfferkitClient({ baseUrl: serverUrl, ...(apiKey ? { apiKey } : {}) }) }
    : { engine: new DecisionEngine({ library: retailDemoLibrary }) };
  const port = Number(env.PORT ?? 3000);
  const assetsDir = fileURLToPath(new URL("../dist/client", import.meta.url));
  createStorefront({ backend, assetsDir }).listen(port, () => {
    console.log(
      `storefront on http://localhost:${port} (${serverUrl ? `decision server ${serverUrl}` : "in-process engine"})`,
    );
  });
}
