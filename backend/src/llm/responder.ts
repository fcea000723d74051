// The model port: whatever answers the shopper, Mistral or the offline responder, is an AI SDK
// LanguageModelV3 with the settings it is called with.
import { createMistral } from "@ai-sdk/mistral";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { Config } from "../config";
import { httpFetch } from "./http-fetch";
import { createOfflineResponder, type OfflineKnowledge, type OfflineStore } from "./offline-responder";

export interface Responder {
  name: "mistral" | "offline";
  model: LanguageModelV3;
  temperature: number;
  maxOutputTokens: number;
  /** Retries on 429 and 5xx, with backoff that honours Retry-After (the AI SDK's own). */
  maxRetries: number;
  timeoutMs: number;
}

/** `store` gives the store's facts as they are at each call (the offline responder names them). */
export function createResponder(config: Config, knowledge: OfflineKnowledge, store: () => OfflineStore): Responder {
  if (!config.MISTRAL_API_KEY) {
    return {
      name: "offline",
      model: createOfflineResponder({ knowledge, store }),
      temperature: 0,
      maxOutputTokens: 300,
      maxRetries: 0,
      timeoutMs: config.MISTRAL_TIMEOUT_MS,
    };
  }
  const mistral = createMistral({ apiKey: config.MISTRAL_API_KEY, baseURL: config.MISTRAL_BASE_URL, fetch: httpFetch });
  return {
    name: "mistral",
    model: mistral(config.MISTRAL_MODEL),
    temperature: 0.4,
    maxOutputTokens: 300,
    maxRetries: config.MISTRAL_MAX_RETRIES,
    timeoutMs: config.MISTRAL_TIMEOUT_MS,
  };
}
