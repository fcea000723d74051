import { API_BASE_URL } from "./api-config";
import { errorFromResponse, networkError } from "./api-error";
import { authHeaders, clearVisitorToken, readVisitorToken, saveVisitorToken } from "./visitor-token";

type Json = Record<string, unknown>;

/**
 * fetch for the chat API: adds the visitor token, turns every failure into an ApiError, and drops
 * a token the API no longer knows (a wiped database) so the next chat starts a fresh visitor.
 */
export async function apiRequest<T>(
  path: string,
  init: { method?: string; body?: Json; signal?: AbortSignal } = {},
): Promise<T> {
  const hadToken = readVisitorToken() !== null;
  let response: Response;
  try {
    response = await fetch(`${API_BASE_URL}${path}`, {
      method: init.method ?? "GET",
      headers: {
        Accept: "application/json",
        ...(init.body ? { "Content-Type": "application/json" } : {}),
        ...authHeaders(),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw networkError();
  }
  saveVisitorToken(response.headers.get("X-Visitor-Token"));
  if (!response.ok) {
    if (response.status === 401 && hadToken) clearVisitorToken();
    throw await errorFromResponse(response);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
