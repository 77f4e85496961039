import type { ApiKeyInfo, ApiKeyScope } from "../store/types.js";

/** admin may do everything; library:write includes library:read (an editor must see what it edits). */
export function keyHasScope(key: ApiKeyInfo, required: ApiKeyScope): boolean {
  if (key.scopes.includes(required) || key.scopes.includes("admin")) return true;
  return required === "library:read" && key.scopes.includes("library:write");
}
