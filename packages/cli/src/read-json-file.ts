import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { OfferkitError } from "@offerkit/core";

/** Reads and parses a JSON file, naming the file in any error. */
export async function readJsonFile(cwd: string, path: string): Promise<unknown> {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (error) {
    throw new OfferkitError("BAD_REQUEST", `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OfferkitError(
      "BAD_REQUEST",
      `${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
}
