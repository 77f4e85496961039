import { rm } from "node:fs/promises";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { buildUi, tempUiDir } from "./build-ui.js";
import { launchChromium } from "./chromium.js";
import { startLibraryApp, type LibraryApp } from "./library-app.js";

export interface UiSessionOptions {
  /** Seeds the running server (imports a library, makes decisions …) once, before the first test. */
  seed: (app: LibraryApp) => Promise<void>;
  viewport?: { width: number; height: number };
  /** Default timeout of every page action. */
  actionTimeoutMs?: number;
  /** Time allowed for building the UI, starting the server and Chromium, and seeding. */
  setupTimeoutMs?: number;
}

export interface UiSession {
  /** The running decision server (fails the test when it did not start). */
  readonly server: LibraryApp;
  /** This test's page, in a fresh browser context. */
  readonly page: Page;
  /** A new context for this test with extra options (e.g. `bypassCSP` for axe), replacing the page. */
  reopen(options: BrowserContextOptions): Promise<Page>;
  /** A separate context beside this test's, closed by the caller. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * One built UI, one decision server and one Chromium for a whole test file, and a fresh browser
 * context for every test. Registers the vitest hooks; call it inside the file's `describe`.
 */
export function useUiSession(options: UiSessionOptions): UiSession {
  const viewport = options.viewport ?? { width: 1280, height: 900 };
  const actionTimeoutMs = options.actionTimeoutMs ?? 15_000;
  let uiDir: string | undefined;
  let app: LibraryApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  const started = (): Browser => browser ?? expect.fail("the browser did not start");
  const open = async (extra: BrowserContextOptions = {}): Promise<Page> => {
    context = await started().newContext({ viewport, ...extra });
    context.setDefaultTimeout(actionTimeoutMs);
    page = await context.newPage();
    return page;
  };

  beforeAll(async () => {
    uiDir = await tempUiDir();
    const dir = uiDir;
    await buildUi(dir);
    [app, browser] = await Promise.all([startLibraryApp(dir), launchChromium()]);
    await options.seed(app);
  }, options.setupTimeoutMs ?? 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (uiDir) await rm(uiDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await open();
  });
  afterEach(async () => {
    await context?.close();
  });

  return {
    get server() {
      return app ?? expect.fail("the server did not start");
    },
    get page() {
      return page ?? expect.fail("no page: useUiSession's hooks did not run");
    },
    async reopen(extra) {
      await context?.close();
      return open(extra);
    },
    async newContext(extra = {}) {
      return started().newContext({ viewport, ...extra });
    },
  };
}
