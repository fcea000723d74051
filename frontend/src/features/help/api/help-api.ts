import "server-only";

import type { HelpArticle, HelpArticleList } from "@harbor/contracts";

import { serverApiBase as apiBase } from "@/lib/api/server-api";

export class HelpUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("The help center is unavailable right now.", { cause });
    this.name = "HelpUnavailableError";
  }
}

async function getJson<T>(path: string): Promise<T | null> {
  let response: Response;
  try {
    response = await fetch(`${apiBase()}${path}`, { cache: "no-store", headers: { Accept: "application/json" } });
  } catch (error) {
    throw new HelpUnavailableError(error);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new HelpUnavailableError(`HTTP ${response.status}`);
  return (await response.json()) as T;
}

export async function listHelpArticles(): Promise<HelpArticleList["articles"]> {
  const list = await getJson<HelpArticleList>("/api/help");
  return list?.articles ?? [];
}

/** null when there is no such article. */
export function getHelpArticle(slug: string): Promise<HelpArticle | null> {
  return getJson<HelpArticle>(`/api/help/${encodeURIComponent(slug)}`);
}
