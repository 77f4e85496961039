import { realpath } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { OfferkitError } from "@offerkit/core";
import { DEFAULT_DATA_DIR } from "../server/env-config.js";

/** OFFERKIT_BATCH_DIR, else <OFFERKIT_DATA_DIR or ./.data>/batch: where audiences and outputs live. */
export function defaultBatchDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(
    env.OFFERKIT_BATCH_DIR || join(env.OFFERKIT_DATA_DIR || DEFAULT_DATA_DIR, "batch"),
  );
}

/**
 * The absolute path of a file named relative to the batch folder. Never a path outside it: `..`
 * segments, NUL characters and absolute paths elsewhere are refused (400 at `at`), and so is a
 * symbolic link that leads out (checked on the real path). A missing file is 404.
 */
export async function resolveInsideBatchDir(
  batchDir: string,
  path: string,
  at: (string | number)[],
): Promise<string> {
  const refuse = (message: string) =>
    new OfferkitError("VALIDATION_FAILED", `${at.join(".")}: ${message}`, {
      issues: [{ path: at, message }],
    });
  if (path.includes("\u0000")) throw refuse("may not contain NUL characters");
  if (path.split(/[\\/]/).includes("..")) throw refuse('may not contain ".." segments');
  const root = resolve(batchDir);
  const full = isAbsolute(path) ? resolve(path) : resolve(root, path);
  if (!isInside(root, full))
    throw refuse(
      `must name a file inside the batch folder (relative to it, e.g. "uploads/audience.jsonl")`,
    );
  let real: string;
  try {
    real = await realpath(full);
  } catch {
    throw new OfferkitError("NOT_FOUND", `${at.join(".")}: no file "${path}" in the batch folder`, {
      issues: [{ path: at, message: "no such file in the batch folder" }],
    });
  }
  if (!isInside(await realpath(root), real))
    throw refuse("leads outside the batch folder (symbolic link)");
  return real;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}
