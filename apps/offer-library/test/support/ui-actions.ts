import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const artifacts = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));

export async function signIn(page: Page, uiUrl: string, key: string): Promise<void> {
  await page.goto(uiUrl);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

/** Runs a simulation of `profile` on the chosen scope labels and waits for the result. */
export async function simulate(
  page: Page,
  uiUrl: string,
  profile: unknown,
  scopeLabels: string[],
): Promise<void> {
  await page.goto(`${uiUrl}#/simulate`);
  await page.getByLabel("Profile (JSON)").fill(JSON.stringify(profile));
  for (const label of scopeLabels) await page.getByLabel(label).check();
  await page.getByRole("button", { name: "Simulate" }).click();
  await page.getByRole("heading", { name: /^Result/ }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}
