import { retailDemoLibrary } from "@offerkit/core/demo";
import type { LibraryStore } from "../store/types.js";

/** Seeds the retail demo library into a store that has never been written (version 0); returns the new version. */
export async function seedDemoLibrary(library: LibraryStore): Promise<number | undefined> {
  if ((await library.currentVersion()) > 0) return undefined;
  const result = await library.importBundle(retailDemoLibrary, { mode: "replace" });
  return result.version;
}
