import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium with the flags that work on these machines (see shared/toolchain.md).
 * playwright's launch() already gives each browser a fresh temporary profile (--user-data-dir).
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return { browser, close: () => browser.close() };
}
