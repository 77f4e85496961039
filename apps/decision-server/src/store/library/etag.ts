import { createHash } from "node:crypto";

/** Opaque and different for every write: the library version is part of it. */
export function makeEtag(kind: string, id: string, version: number, body: unknown): string {
  return createHash("sha256")
    .update(`${kind}\0${id}\0${version}\0${JSON.stringify(body)}`)
    .digest("base64url")
    .slice(0, 22);
}

/** Accepts what an HTTP client sends in If-Match: "abc", W/"abc", abc, or *. */
export function etagMatches(ifMatch: string, current: string): boolean {
  return ifMatch
    .split(",")
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, "")
        .replace(/^"(.*)"$/, "$1"),
    )
    .some((tag) => tag === "*" || tag === current);
}
