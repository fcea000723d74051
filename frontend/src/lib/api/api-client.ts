import { API_BASE_URL } from "./api-config";
import { errorFromResponse, networkError } from "./api-error";
import { authHeaders, clearVisitorToken, readVisitorToken, saveVisitorToken } from "./visitor-token";

type Json = Record<string, unknown>;

/**
 * Who is asking: the shopper (their visitor token as a Bearer header) or a staff member (the
 * session cookie the API set, sent with credentials: "include").
 */
export type AuthMode = "visitor" | "staff";

export interface RequestOptions {
  method?: string;
  body?: Json;
  signal?: AbortSignal;
  auth?: AuthMode;
}

/** What a request (or a live-event stream) needs to carry for an auth mode. */
export function authInit(auth: AuthMode): { headers: Record<string, string>; credentials: RequestCredentials } {
  return auth === "staff"
    ? { headers: {}, credentials: "include" }
    : { headers: authHeaders(), credentials: "omit" };
}

/**
 * fetch for our API: adds the caller's credentials, turns every failure into an ApiError, and for
 * a shopper drops a token the API no longer knows (a wiped database) so the next chat starts a
 * fresh visitor.
 */
export async function apiRequest<T>(path: string, init: RequestOptions = {}): Promise<T> {
  const auth = init.auth ?? "visitor";
  const hadToken = auth === "visitor" && readVisitorToken() !== null;
  const { headers, credentials } = authInit(auth);
  let response: Response;
  try {
    response = await fetch(`${API_BASE_URL}${path}`, {
      method: init.method ?? "GET",
      headers: {
        Accept: "application/json",
        ...(init.body ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      credentials,
      body: init.body ? JSON.stringify(init.body) : undefined,
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw networkError();
  }
  if (auth === "visitor") saveVisitorToken(response.headers.get("X-Visitor-Token"));
  if (!response.ok) {
    if (response.status === 401 && hadToken) clearVisitorToken();
    throw await errorFromResponse(response);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
