export { offerLibraryDist } from "./dist-path.js";
export { createOfferLibraryHandler } from "./static-handler.js";
