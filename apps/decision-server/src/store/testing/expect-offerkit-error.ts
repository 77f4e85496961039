import { expect } from "vitest";
import { OfferkitError, type Issue, type OfferkitErrorCode } from "@offerkit/core";

/** Awaits a rejection and checks it is an OfferkitError with this code (and, if given, an issue at this path). */
export async function expectOfferkitError(
  promise: Promise<unknown>,
  code: OfferkitErrorCode,
  path?: (string | number)[],
): Promise<OfferkitError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected OfferkitError ${code}`).toBeInstanceOf(OfferkitError);
  const e = error as OfferkitError;
  expect({ code: e.code, message: e.message }).toMatchObject({ code });
  if (path) expect(e.issues.map((i: Issue) => i.path)).toContainEqual(path);
  return e;
}
