// The promise check on a reply about to be stored: the rules in promise-check.ts always; with
// Mistral, a flag from the rules is confirmed by a second, temperature-0 call with a structured
// output (rules over words cannot tell "free US shipping" quoted from "free shipping" promised as
// well as a model can). The model only clears or keeps a flag the rules raised, so a reply costs
// a second call only when it is suspicious, and a failed call keeps the flag.
import { generateText, Output } from "ai";
import { z } from "zod";
import type { Responder } from "../llm/responder";
import { explainUnsupportedPromises, UNSUPPORTED_PROMISE } from "./promise-check";

const ReviewSchema = z.object({
  /** Claims in the reply that the sources do not state. */
  unsupportedClaims: z.array(z.string()),
  unsupported: z.boolean(),
});

const REVIEW_SYSTEM = `You check a customer-support reply before it is stored. Given the reply, the knowledge passages it was grounded in and the tool results it saw, decide whether the reply promises or states a refund, exception, discount, compensation, free shipping, amount, deadline or date that the passages and tool results do not support. Quoting or paraphrasing a stated policy is supported; refusing or saying "I can't promise" is not a promise. Answer with the JSON object only.`;

export interface PromiseReviewInput {
  responder: Pick<Responder, "name" | "model" | "timeoutMs">;
  reply: string;
  groundingTexts: readonly string[];
  toolResultsJson: readonly string[];
}

export async function reviewPromises(input: PromiseReviewInput): Promise<string[]> {
  const findings = explainUnsupportedPromises(input.reply, input.groundingTexts, input.toolResultsJson);
  if (findings.length === 0) return [];
  if (input.responder.name !== "mistral") return [UNSUPPORTED_PROMISE];
  try {
    const { output } = await generateText({
      model: input.responder.model,
      temperature: 0,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(input.responder.timeoutMs),
      output: Output.object({ schema: ReviewSchema }),
      system: REVIEW_SYSTEM,
      prompt: [
        `<reply>\n${input.reply}\n</reply>`,
        ...input.groundingTexts.map((t) => `<passage>\n${t}\n</passage>`),
        ...input.toolResultsJson.map((t) => `<tool-result>\n${t}\n</tool-result>`),
        `The rules flagged: ${findings.map((f) => f.reason).join("; ")}.`,
      ].join("\n\n"),
    });
    return output.unsupported ? [UNSUPPORTED_PROMISE] : [];
  } catch {
    return [UNSUPPORTED_PROMISE];
  }
}
