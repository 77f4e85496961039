import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { JsonValue, LibraryBundleInput } from "@offerkit/core";
import { EmailTokenCodec, parseSigningKeys } from "../tracking/email-token-codec.js";
import { EmailUsageError, type EmailCliIo } from "./email-cli-io.js";

export function pathIn(io: EmailCliIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

export async function readJsonFile(io: EmailCliIo, path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(pathIn(io, path), "utf8");
  } catch (error) {
    throw new EmailUsageError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new EmailUsageError(`${what} ${path} is not JSON`);
  }
}

export async function readJsonObject(
  io: EmailCliIo,
  path: string,
  what: string,
): Promise<Record<string, JsonValue>> {
  const value = await readJsonFile(io, path, what);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new EmailUsageError(`${what} ${path} must be a JSON object`);
  return value as Record<string, JsonValue>;
}

export async function readLibrary(
  io: EmailCliIo,
  path: string | undefined,
): Promise<LibraryBundleInput> {
  if (path === undefined) return (await import("@offerkit/core/demo")).retailDemoLibrary;
  return (await readJsonFile(io, path, "library")) as LibraryBundleInput;
}

export const SIGNING_KEYS_ENV = "OFFERKIT_EMAIL_SIGNING_KEYS";

/**
 * Signing keys come from the environment, never argv (visible in `ps`):
 * OFFERKIT_EMAIL_SIGNING_KEYS="k2:<base64url secret>,k1:<base64url secret>" — the first is active
 * unless --signing-key-id names another. Without it, `ephemeral` gives a random preview key.
 */
export function signingKeys(
  io: EmailCliIo,
  activeKeyId: string | undefined,
  ephemeral: boolean,
): EmailTokenCodec {
  const spec = io.env[SIGNING_KEYS_ENV];
  if (spec === undefined || spec.trim() === "") {
    if (!ephemeral)
      throw new EmailUsageError(
        `set ${SIGNING_KEYS_ENV}="keyId:base64urlSecret[,…]" (32+ random bytes each)`,
      );
    return new EmailTokenCodec([{ id: "preview", secret: randomBytes(32) }]);
  }
  try {
    return new EmailTokenCodec(parseSigningKeys(spec, SIGNING_KEYS_ENV), activeKeyId);
  } catch (error) {
    throw new EmailUsageError((error as Error).message);
  }
}

export function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new EmailUsageError(`--${name} must be a positive integer`);
  return n;
}
