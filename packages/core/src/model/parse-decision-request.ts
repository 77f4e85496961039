import { isJsonObject } from "./common.js";
import { MAX_ITEMS_PER_REQUEST, MAX_ITEMS_PER_SCOPE } from "./placement.js";
import { DecisionRequest, type ScopeRequest } from "./request.js";

export type DecisionRequestParse = ReturnType<typeof DecisionRequest.safeParse>;

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const MAX_SCOPES = 30;

/**
 * `DecisionRequest.safeParse`, with a hand-written pass for the ordinary request in front of it.
 * Generic schema validation cost a fifth of a whole decision; the fast pass accepts only what the
 * schema accepts and builds the very same output, and hands anything unusual (a bad value, `now`, a
 * tie-break seed, an explicit `undefined`) to the schema, which also writes every error message.
 * decide-request.property.test.ts holds the two to each other.
 */
export function parseDecisionRequest(input: unknown): DecisionRequestParse {
  const data = fastParseDecisionRequest(input);
  return data ? { success: true, data } : DecisionRequest.safeParse(input);
}

/** The hand-written pass alone: the request, or undefined when the schema must judge it. */
export function fastParseDecisionRequest(input: unknown): DecisionRequest | undefined {
  if (!isPlain(input)) return undefined;
  let keys = 0;
  for (const key in input) {
    if (key !== "profile" && key !== "context" && key !== "scopes" && key !== "options")
      return undefined;
    keys++;
  }
  if (keys !== Object.keys(input).length) return undefined; // inherited or symbol oddities: let zod judge
  const { profile, context, scopes, options } = input as Record<string, unknown>;

  if (!isPlain(profile)) return undefined;
  const { id } = profile as Record<string, unknown>;
  if (typeof id !== "string" || id.length < 1 || id.length > 256) return undefined;
  // Like the schema's defaults: a missing (or undefined) object is an empty one.
  const given = (profile as Record<string, unknown>)["attributes"];
  const attributes = given === undefined ? {} : given;
  if (!isJsonObject(attributes)) return undefined;
  const ctx = context === undefined ? {} : context;
  if (!isJsonObject(ctx)) return undefined;

  if (!Array.isArray(scopes) || scopes.length < 1 || scopes.length > MAX_SCOPES) return undefined;
  const parsedScopes: ScopeRequest[] = [];
  let items = 0;
  for (const s of scopes as unknown[]) {
    const scope = fastScope(s);
    if (!scope) return undefined;
    items += scope.itemCount ?? 0;
    parsedScopes.push(scope);
  }
  if (items > MAX_ITEMS_PER_REQUEST) return undefined;

  let dryRun = false;
  let explain = false;
  let allowDuplicates: boolean | undefined;
  if (options !== undefined) {
    if (!isPlain(options)) return undefined;
    for (const key in options) {
      const v = (options as Record<string, unknown>)[key];
      if (typeof v !== "boolean") return undefined; // now, randomTieBreakSeed, unknown keys, bad values
      if (key === "dryRun") dryRun = v;
      else if (key === "explain") explain = v;
      else if (key === "allowDuplicates") allowDuplicates = v;
      else return undefined;
    }
  }
  return {
    profile: { id, attributes },
    context: ctx,
    scopes: parsedScopes,
    options:
      allowDuplicates === undefined ? { dryRun, explain } : { allowDuplicates, dryRun, explain },
  };
}

function fastScope(s: unknown): ScopeRequest | undefined {
  if (!isPlain(s)) return undefined;
  let itemCount: number | undefined;
  for (const key in s) {
    if (key === "itemCount") {
      const n = (s as Record<string, unknown>)[key];
      if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1 || n > MAX_ITEMS_PER_SCOPE)
        return undefined;
      itemCount = n;
    } else if (key !== "decisionId" && key !== "placementId") return undefined;
  }
  const { decisionId, placementId } = s as Record<string, unknown>;
  if (typeof decisionId !== "string" || !ID.test(decisionId)) return undefined;
  if (typeof placementId !== "string" || !ID.test(placementId)) return undefined;
  return itemCount === undefined
    ? { decisionId, placementId }
    : { decisionId, placementId, itemCount };
}

function isPlain(v: unknown): v is object {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
