import { ApiError } from "./api-error.js";
import { createApi, type Api } from "./api-client.js";

const STORAGE_KEY = "offerkit.offer-library.apiKey";

export interface Session {
  key: string;
  api: Api;
  /** The key has library:write (or admin): edit controls are shown. */
  canWrite: boolean;
}

export function storedKey(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * Checks the key (it must read the library) and finds out whether it may write: a PATCH of an id that
 * cannot exist answers 403 without library:write and 404 with it, and changes nothing either way.
 */
export async function openSession(key: string): Promise<Session> {
  const api = createApi(key);
  await api.get("/v1/offers?limit=1");
  let canWrite = false;
  try {
    await api.request("PATCH", "/v1/offers/__offer-library-permission-probe__", { body: {} });
    canWrite = true;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    canWrite = error.status !== 403 && error.status !== 401;
  }
  sessionStorage.setItem(STORAGE_KEY, key);
  return { key, api, canWrite };
}
