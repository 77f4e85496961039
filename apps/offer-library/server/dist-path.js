import { fileURLToPath } from "node:url";

/** Absolute path of the built UI (index.html + assets/), filled by `pnpm --filter @offerkit/offer-library build`. */
export const offerLibraryDist = fileURLToPath(new URL("../dist/", import.meta.url));
