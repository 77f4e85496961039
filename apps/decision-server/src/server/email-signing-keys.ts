import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EmailTokenCodec, parseSigningKeys, type EmailSigningKey } from "@offerkit/email/tracking";
import type { ServeSettings } from "./env-config.js";

export const EMAIL_KEYS_FILE = "email-signing-keys";

/**
 * The keys the email routes verify with: OFFERKIT_EMAIL_SIGNING_KEYS when set (production: the same
 * value the sender uses). Otherwise, for the one-command start, a key generated once and kept in the
 * data folder (mode 0600), so links keep working across restarts; in memory-only setups, a random key
 * for this run. `offerkit email send` must use the same value to sign links this server accepts.
 */
export async function emailSigningKeysFor(
  settings: ServeSettings,
): Promise<{ keys: EmailSigningKey[]; source: string }> {
  if (settings.emailSigningKeys?.length) {
    new EmailTokenCodec(settings.emailSigningKeys); // refuse weak or malformed keys at start
    return { keys: settings.emailSigningKeys, source: "OFFERKIT_EMAIL_SIGNING_KEYS" };
  }
  const dataDir = settings.stores.dataDir;
  if (dataDir === undefined || dataDir.includes("://")) {
    return {
      keys: [{ id: "run", secret: randomBytes(32).toString("base64url") }],
      source: "random for this run; set OFFERKIT_EMAIL_SIGNING_KEYS",
    };
  }
  const path = join(dataDir, EMAIL_KEYS_FILE);
  let spec: string;
  try {
    spec = (await readFile(path, "utf8")).trim();
  } catch {
    spec = `dev:${randomBytes(32).toString("base64url")}`;
    await writeFile(path, `${spec}\n`, { mode: 0o600, flag: "wx" }).catch(async () => {
      spec = (await readFile(path, "utf8")).trim(); // another start wrote it first
    });
  }
  return {
    keys: parseSigningKeys(spec, path),
    source: `${path}; use it as OFFERKIT_EMAIL_SIGNING_KEYS for offerkit email send`,
  };
}
