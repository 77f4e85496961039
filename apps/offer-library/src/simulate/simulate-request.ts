/** A scope as the simulate form lists it: "decisionId/placementId". */
export interface ScopeChoice {
  decisionId: string;
  placementId: string;
  label: string;
}

export class SimulateInputError extends Error {}

/** Builds the body of POST /v1/simulate from the form's JSON texts and the chosen scopes. */
export function simulateRequest(
  profileText: string,
  contextText: string,
  scopes: ScopeChoice[],
): Record<string, unknown> {
  const profile = parseProfileText(profileText);
  const context = parseContextText(contextText);
  if (scopes.length === 0) throw new SimulateInputError("Choose at least one decision scope.");
  return {
    profile,
    context,
    scopes: scopes.map(({ decisionId, placementId }) => ({ decisionId, placementId })),
  };
}

/** A sample profile typed as JSON; a bare attributes object is accepted too: { "age": 30 } → { id: "simulated-profile", attributes: { age: 30 } }. */
export function parseProfileText(text: string): Record<string, unknown> {
  const profile = parseObject(text, "Profile");
  return typeof profile.id === "string" &&
    (profile.attributes === undefined || isObject(profile.attributes))
    ? profile
    : { id: "simulated-profile", attributes: profile };
}

export function parseContextText(text: string): Record<string, unknown> {
  return text.trim() === "" ? {} : parseObject(text, "Context");
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SimulateInputError(
      `${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!isObject(value)) throw new SimulateInputError(`${what} must be a JSON object.`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
