export { retailDemoLibrary, retailDemoProfiles, retailDemoContext } from "./retail-library.js";
