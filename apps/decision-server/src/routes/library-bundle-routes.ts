import { z } from "zod";
import { LibraryBundle, OfferkitError } from "@offerkit/core";
import { defineRoute, type Route } from "../http/route.js";
import type { ServerServices } from "../server/server-services.js";
import type { ImportMode, LibraryKind } from "../store/types.js";

const ImportQuery = z
  .object({
    mode: z
      .enum(["merge", "replace"])
      .default("merge")
      .describe("merge upserts the bundle's objects; replace makes the library exactly the bundle"),
  })
  .strict();

const LibraryCounts = z.record(z.string(), z.int());
const ImportResult = z.object({ version: z.int(), counts: LibraryCounts });
const ValidationResult = z.object({ ok: z.literal(true), counts: LibraryCounts });

/** Whole-library operations: export, atomic import, validation without writing. */
export function libraryBundleRoutes(services: ServerServices): Route[] {
  const library = services.stores.library;
  return [
    defineRoute({
      method: "GET",
      path: "/v1/library/export",
      operationId: "exportLibrary",
      summary: "The whole library as one bundle, with its version",
      tag: "library",
      scope: "library:read",
      responses: { 200: { description: "A consistent snapshot", schema: LibraryBundle } },
      handle: async () => {
        const bundle = await library.exportBundle();
        return { body: bundle, headers: { "x-library-version": String(bundle.version) } };
      },
    }),
    defineRoute<{ mode: ImportMode }>({
      method: "POST",
      path: "/v1/library/import",
      operationId: "importLibrary",
      summary: "Import a bundle atomically (all or nothing); publishes one new version",
      tag: "library",
      scope: "library:write",
      query: ImportQuery,
      body: { schema: LibraryBundle, validate: "handler", limitBytes: services.importLimitBytes },
      responses: {
        200: {
          description: "The new version and how many objects of each kind",
          schema: ImportResult,
        },
      },
      errorStatuses: [422],
      handle: async ({ body, query }) => {
        const result = await library.importBundle(body, { mode: query.mode });
        await services.sync.waitFor(result.version, 2000);
        return { body: result, headers: { "x-library-version": String(result.version) } };
      },
    }),
    defineRoute({
      method: "POST",
      path: "/v1/library/validate",
      operationId: "validateLibrary",
      summary:
        "Validate a bundle (schema, references, rules) without writing; 422 lists every problem",
      tag: "library",
      scope: "library:read",
      body: { schema: LibraryBundle, validate: "handler", limitBytes: services.importLimitBytes },
      responses: { 200: { description: "The bundle is valid", schema: ValidationResult } },
      errorStatuses: [422],
      handle: ({ body }) => {
        const result = library.validateBundle(body);
        if (!result.ok) {
          throw new OfferkitError(
            "INVALID_LIBRARY",
            `the library has ${result.issues.length} problem(s)`,
            { issues: result.issues },
          );
        }
        const kinds: LibraryKind[] = [
          "offers",
          "placements",
          "collections",
          "rules",
          "rankingFormulas",
          "decisions",
        ];
        const counts = Object.fromEntries(kinds.map((k) => [k, result.library[k].length]));
        return { body: { ok: true, counts } };
      },
    }),
  ];
}
