import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PgliteSqlClient } from "../sql/pglite-client.js";
import { migrate } from "../sql/migrate.js";
import { MIGRATIONS } from "../sql/migrations.js";

/**
 * Creating a PGlite database takes seconds, so tests share one migrated template: built once per
 * machine and schema (dumped to the temp folder), loaded once per test file, cloned per fresh database.
 */
let template: Promise<PGlite> | undefined;

export function pgliteTemplate(): Promise<PGlite> {
  template ??= loadOrBuildTemplate();
  return template;
}

/** A fresh, migrated, empty in-memory database (a clone of the template, about 1 s). */
export async function openTestPglite(): Promise<PgliteSqlClient> {
  const db = (await (await pgliteTemplate()).clone()) as PGlite;
  return new PgliteSqlClient(db);
}

/** Closes the template of this test file (call in afterAll of files that used openTestPglite). */
export async function closePgliteTemplate(): Promise<void> {
  const current = template;
  template = undefined;
  if (current) await (await current).close();
}

/**
 * Fills a data folder with the migrated template (much faster than initdb in a new folder), as if a
 * server had been started there once before.
 */
export async function seedDataDirFromTemplate(dataDir: string): Promise<void> {
  await pgliteTemplate();
  const dump = await readFile(templateFile());
  const db = await PGlite.create(dataDir, { loadDataDir: new Blob([dump]) });
  await db.close();
}

function templateFile(): string {
  return join(tmpdir(), `offerkit-pglite-template-${schemaFingerprint()}.tar.gz`);
}

async function loadOrBuildTemplate(): Promise<PGlite> {
  const file = templateFile();
  const dump = await readFile(file).catch(() => undefined);
  if (dump) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([dump]) });
    } catch {
      // A damaged dump: rebuild it below.
    }
  }
  const db = await PGlite.create();
  await migrate(new PgliteSqlClient(db));
  const blob = await db.dumpDataDir("gzip");
  // Write then rename, so a parallel test file never reads a half-written dump.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, new Uint8Array(await blob.arrayBuffer()));
  await rename(partial, file);
  return db;
}

/** Changes with the migrations and with the PGlite build (its resolved path carries the version). */
function schemaFingerprint(): string {
  const pglitePath = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  return createHash("sha256")
    .update(JSON.stringify(MIGRATIONS))
    .update(pglitePath)
    .digest("hex")
    .slice(0, 16);
}
