import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { OfferkitError, validateLibrary, type LibraryBundle } from "@offerkit/core";
import { createStores } from "@offerkit/decision-server";
import type { CliIo } from "../cli-io.js";
import { UsageError } from "../cli-error.js";
import {
  SERVER_OPTIONS,
  SERVER_USAGE,
  STORE_OPTIONS,
  STORE_USAGE,
  serverClientFrom,
  storesConfigFrom,
} from "../common-options.js";
import { readJsonFile } from "../read-json-file.js";

export const LIBRARY_USAGE = `offerkit library validate <bundle.json>
offerkit library import <bundle.json> [--mode merge|replace] ${STORE_USAGE} ${SERVER_USAGE}
offerkit library export [--out bundle.json] ${STORE_USAGE} ${SERVER_USAGE}

validate checks a bundle locally (schema, references, CEL rules) and lists every problem with its path.
import is atomic (all or nothing); merge upserts, replace makes the library exactly the bundle.
With --server the running server does the work; otherwise the store is opened directly (stop an
embedded server first: PGlite allows one process per data folder).`;

const KINDS = [
  "offers",
  "placements",
  "collections",
  "rules",
  "rankingFormulas",
  "decisions",
] as const;

export async function libraryCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "validate") return validate(rest, io);
  if (sub === "import") return importBundle(rest, io);
  if (sub === "export") return exportBundle(rest, io);
  throw new UsageError(
    sub === undefined ? "library needs a subcommand" : `unknown library subcommand "${sub}"`,
  );
}

async function validate(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  const file = single(positionals, "a bundle file");
  const result = validateLibrary(await readJsonFile(io.cwd, file));
  if (!result.ok)
    throw new OfferkitError("INVALID_LIBRARY", `${file} has ${result.issues.length} problem(s)`, {
      issues: result.issues,
    });
  io.stdout.write(`${file} is valid: ${countsText(result.library)}\n`);
  return 0;
}

async function importBundle(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...STORE_OPTIONS, ...SERVER_OPTIONS, mode: { type: "string", default: "merge" } },
    strict: true,
    allowPositionals: true,
  });
  const file = single(positionals, "a bundle file");
  const mode = values.mode;
  if (mode !== "merge" && mode !== "replace")
    throw new UsageError(`--mode must be merge or replace, not "${mode}"`);
  const bundle = await readJsonFile(io.cwd, file);
  const client = serverClientFrom(values, io);
  let result: { version: number; counts: Record<string, number> };
  if (client !== undefined) {
    result = await client.request("POST", `/v1/library/import?mode=${mode}`, bundle);
  } else {
    const stores = await createStores({ ...storesConfigFrom(values, io), counters: "memory" });
    try {
      result = await stores.library.importBundle(bundle, { mode });
    } finally {
      await stores.close();
    }
  }
  io.stdout.write(
    `imported ${file} (${mode}): library version ${result.version}; ${Object.entries(result.counts)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ")}\n`,
  );
  return 0;
}

async function exportBundle(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...STORE_OPTIONS, ...SERVER_OPTIONS, out: { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  const client = serverClientFrom(values, io);
  let bundle: LibraryBundle;
  if (client !== undefined) {
    bundle = await client.request("GET", "/v1/library/export");
  } else {
    const stores = await createStores({ ...storesConfigFrom(values, io), counters: "memory" });
    try {
      bundle = await stores.library.exportBundle();
    } finally {
      await stores.close();
    }
  }
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (values.out === undefined) {
    io.stdout.write(text);
  } else {
    await writeFile(resolve(io.cwd, values.out), text);
    io.stderr.write(
      `exported library version ${bundle.version} to ${values.out}: ${countsText(bundle)}\n`,
    );
  }
  return 0;
}

function countsText(bundle: LibraryBundle): string {
  return KINDS.map((k) => `${bundle[k].length} ${k}`).join(", ");
}

function single(positionals: string[], what: string): string {
  if (positionals.length !== 1 || positionals[0] === undefined)
    throw new UsageError(`expected exactly one argument: ${what}`);
  return positionals[0];
}
