import type {
  KnowledgeArticle,
  KnowledgeArticleInput,
  KnowledgeArticleList,
  KnowledgeArticleStatus,
  KnowledgeHistory,
  KnowledgeSynonym,
  KnowledgeSynonymList,
  KnowledgeTryResponse,
} from "@harbor/contracts";

import { apiRequest } from "@/lib/api/api-client";

// The knowledge editor's requests: staff read and try, owners write (the API answers 403 otherwise).
const staff = "staff" as const;
const BASE = "/api/staff/knowledge";
const articlePath = (id: string, rest = "") => `${BASE}/articles/${encodeURIComponent(id)}${rest}`;

export function listArticles(signal?: AbortSignal) {
  return apiRequest<KnowledgeArticleList>(`${BASE}/articles`, { auth: staff, signal });
}

export function getArticle(id: string, signal?: AbortSignal) {
  return apiRequest<KnowledgeArticle>(articlePath(id), { auth: staff, signal });
}

export function createArticle(input: KnowledgeArticleInput & { status: KnowledgeArticleStatus }) {
  return apiRequest<KnowledgeArticle>(`${BASE}/articles`, { method: "POST", body: input, auth: staff });
}

/** `revision` is the one the owner edited: a newer save in between is a 409 conflict:stale. */
export function updateArticle(id: string, input: KnowledgeArticleInput & { revision: number }) {
  return apiRequest<KnowledgeArticle>(articlePath(id), { method: "PUT", body: input, auth: staff });
}

export function setArticleStatus(id: string, status: KnowledgeArticleStatus) {
  return apiRequest<KnowledgeArticle>(articlePath(id, status === "published" ? "/publish" : "/unpublish"), {
    method: "POST",
    auth: staff,
  });
}

export function deleteArticle(id: string) {
  return apiRequest<void>(articlePath(id), { method: "DELETE", auth: staff });
}

export function getHistory(id: string, signal?: AbortSignal) {
  return apiRequest<KnowledgeHistory>(articlePath(id, "/history"), { auth: staff, signal });
}

export function revertArticle(id: string, revision: number) {
  return apiRequest<KnowledgeArticle>(articlePath(id, "/revert"), { method: "POST", body: { revision }, auth: staff });
}

export function getSynonyms(signal?: AbortSignal) {
  return apiRequest<KnowledgeSynonymList>(`${BASE}/synonyms`, { auth: staff, signal });
}

export function putSynonyms(synonyms: KnowledgeSynonym[]) {
  return apiRequest<KnowledgeSynonymList>(`${BASE}/synonyms`, { method: "PUT", body: { synonyms }, auth: staff });
}

export function tryQuestion(question: string, draft?: KnowledgeArticleInput & { id?: string }) {
  return apiRequest<KnowledgeTryResponse>(`${BASE}/try`, {
    method: "POST",
    body: draft ? { question, draft } : { question },
    auth: staff,
  });
}
