import { OfferkitError } from "@offerkit/core";

const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema and channel names go into SQL text, so only plain lower-case identifiers are accepted. */
export function quoteIdentifier(name: string): string {
  if (!SAFE_IDENTIFIER.test(name)) {
    throw new OfferkitError(
      "VALIDATION_FAILED",
      `"${name}" is not a plain identifier (a-z, 0-9, _; at most 63)`,
      {
        issues: [{ path: ["schema"], message: "must match ^[a-z_][a-z0-9_]{0,62}$" }],
      },
    );
  }
  return `"${name}"`;
}
