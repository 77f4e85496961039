import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The MJML version compiled templates were produced with; part of every cache key. */
export const MJML_VERSION: string = (require("mjml/package.json") as { version: string }).version;
