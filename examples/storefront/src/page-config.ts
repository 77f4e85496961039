/** Settings the server hands to the browser bundle (in a JSON script next to the bootstrap). */
export interface PageConfig {
  /** Where the browser client sends decisions and events: the app's own decisioning router. */
  offerkitBaseUrl: string;
  revealAfterMs: number;
  flushIntervalMs: number;
}

export const PAGE_CONFIG_ID = "storefront-config";
