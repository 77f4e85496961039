import type { IncomingMessage, ServerResponse } from "node:http";

/** Absolute path of the built UI (index.html + assets/), filled by `pnpm --filter @offerkit/offer-library build`. */
export declare const offerLibraryDist: string;

export interface OfferLibraryHandlerOptions {
  /** Folder of the built UI; default offerLibraryDist. */
  root?: string;
  /** URL prefix; default "/ui". */
  mountPath?: string;
}

/** Serves the built UI under mountPath; resolves to false when the request is not for the UI. */
export declare function createOfferLibraryHandler(
  options?: OfferLibraryHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
