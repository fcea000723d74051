// A chat turn: store the shopper's message first (so it is never lost), ground the reply in the
// knowledge base, get it from the reply cache or the model, then store the reply — complete,
// stopped or the fallback — whatever happened on the way.
import { createHash, randomUUID } from "node:crypto";
import { generateText, stepCountIs, streamText, type ModelMessage, type ToolSet } from "ai";
import type { ChatRequest, Message, Source } from "@harbor/contracts";
import type { ConversationVersion, MessageRepo, StoredMessage } from "../db/message.repo";
import type { Visitor } from "../db/visitor.repo";
import { notFound } from "../errors";
import { CONTACT_ARTICLE_SLUG, conversationQuery, type KnowledgeBase, type Passage } from "../llm/knowledge-base";
import type { Responder } from "../llm/responder";
import type { Logger } from "../logger";
import type { MessageCache } from "../redis/message-cache";
import type { ReplyCache } from "../redis/reply-cache";
import { toPublicMessage } from "./conversation.service";
import { buildSystemPrompt, FALLBACK_REPLY, PROMPT_VERSION } from "./support-prompt";
import type { VisitorService } from "./visitor.service";

export const HISTORY_MESSAGES = 10;
const PASSAGES = 3;
const MAX_STEPS = 3;
const TITLE_CHARS = 60;
const ORDER_DETAIL = /\bHP-\d{5}\b|[^\s@]+@[^\s@]+\.[^\s@]+/i;

export interface ChatTurn {
  visitorId: string;
  /** The sender's address, as the rate limits key it: the order-lookup limits count by it too. */
  clientIp: string;
  visitorToken?: string;
  conversationId: string;
  userMessage: Message;
  replyId: string;
  history: ModelMessage[];
  system: string;
  sources: Source[];
  /** Whether anything in the turn names an order or an email: such replies are never cached. */
  mentionsOrder: boolean;
}

export type ReplyEvent =
  | { type: "text"; delta: string }
  | { type: "tool-call"; toolCallId: string; toolName: string; orderNumber: string }
  | { type: "tool-result"; toolCallId: string; found: boolean }
  | { type: "sources"; sources: Source[] }
  | { type: "done"; reply: Message };

export interface ChatDeps {
  visitors: VisitorService;
  messages: MessageRepo;
  messageCache: MessageCache;
  replyCache: ReplyCache;
  knowledge: KnowledgeBase;
  responder: Responder;
  /** A fresh tool set per turn: the order-lookup limits count per turn, visitor and address. */
  tools: (turn: ChatTurn) => ToolSet;
  clock: () => Date;
  logger: Logger;
}

export const titleFrom = (message: string) => {
  const oneLine = message.replace(/\s+/g, " ").trim();
  return oneLine.length > TITLE_CHARS ? `${oneLine.slice(0, TITLE_CHARS - 1).trimEnd()}…` : oneLine;
};

const toSource = (p: Passage): Source => ({ id: p.article.slug, title: p.article.title, url: `/help/${p.article.slug}` });

/** What the model sees of earlier messages: text only; fallbacks and empty stops are not history. */
const toModelMessages = (messages: StoredMessage[]): ModelMessage[] =>
  messages
    .filter((m) => m.status !== "fallback" && m.content.trim() !== "")
    .slice(-HISTORY_MESSAGES)
    .map((m) => ({ role: m.role, content: m.content }));

type ModelCall = Parameters<typeof generateText>[0] & Parameters<typeof streamText>[0];
type ModelPart =
  | { type: "start-step" }
  | { type: "text-delta"; text: string }
  | { type: "tool-call"; toolCallId: string; toolName: string; input: unknown }
  | { type: "tool-result"; toolCallId: string; output: unknown }
  | { type: "error"; error: unknown };

/** The model's reply as it streams. Errors arrive as parts, logged once by the caller. */
async function* streamedParts(call: ModelCall): AsyncGenerator<ModelPart> {
  const result = streamText({ ...call, onError: () => {} });
  yield* result.fullStream as AsyncIterable<ModelPart>;
}

/** The same parts from one non-streaming call per step: cheaper when nobody reads the stream. */
async function* generatedParts(call: ModelCall): AsyncGenerator<ModelPart> {
  const result = await generateText(call);
  for (const step of result.steps) {
    yield { type: "start-step" };
    for (const part of step.content) {
      if (part.type === "text") yield { type: "text-delta", text: part.text };
      else if (part.type === "tool-call" || part.type === "tool-result") yield part;
    }
  }
}

export function createChatService(deps: ChatDeps) {
  const { responder } = deps;

  async function loadHistory(conversationId: string, visitorId: string, version: ConversationVersion) {
    // A few extra, since fallback replies are left out of the history.
    const want = HISTORY_MESSAGES + 4;
    const cached = await deps.messageCache.latest(conversationId, version, want);
    if (cached) return cached;
    const page = await deps.messages.listMessagesForConversation(conversationId, visitorId, want);
    return page?.messages ?? [];
  }

  function replyCacheKey(turn: ChatTurn): string {
    const normalized = turn.history.map((m) => [
      m.role,
      typeof m.content === "string" ? m.content.toLowerCase().replace(/\s+/g, " ").trim() : m.content,
    ]);
    return createHash("sha256")
      .update(
        JSON.stringify({
          model: `${responder.model.provider}:${responder.model.modelId}`,
          prompt: PROMPT_VERSION,
          temperature: responder.temperature,
          maxOutputTokens: responder.maxOutputTokens,
          system: turn.system,
          history: normalized,
        }),
      )
      .digest("hex");
  }

  return {
    /** Stores the shopper's message (creating the visitor and the conversation when needed). */
    async startTurn(visitor: Visitor | undefined, request: ChatRequest, clientIp = ""): Promise<ChatTurn> {
      let visitorToken: string | undefined;
      // A conversation id without a token cannot be the sender's: no new visitor for that.
      if (!visitor && request.conversationId) throw notFound("conversation");
      if (!visitor) {
        const created = await deps.visitors.createVisitor();
        visitor = created.visitor;
        visitorToken = created.token;
      }
      const now = deps.clock().toISOString();
      const conversationId = request.conversationId ?? randomUUID();

      const userMessage: StoredMessage = {
        id: randomUUID(),
        role: "user",
        content: request.message,
        createdAt: now,
        status: "complete",
        sources: [],
        feedback: null,
        usedTool: false,
      };
      // Scoped to the visitor: another visitor's (or a missing) conversation stores nothing and is a 404.
      const version = await deps.messages.appendMessage(
        { ...userMessage, conversationId },
        visitor.id,
        request.conversationId ? undefined : { title: titleFrom(request.message) },
      );
      if (!version) throw notFound("conversation");
      await deps.messageCache.append(conversationId, userMessage, version.revision);

      const stored = await loadHistory(conversationId, visitor.id, version);
      const history = toModelMessages(stored);
      const passages = deps.knowledge.search(conversationQuery(stored), PASSAGES);
      const contact = deps.knowledge.get(CONTACT_ARTICLE_SLUG);
      const grounding =
        contact && !passages.some((p) => p.article.slug === CONTACT_ARTICLE_SLUG)
          ? [...passages, { article: contact, score: 0, confident: false }]
          : passages;

      return {
        visitorId: visitor.id,
        clientIp,
        visitorToken,
        conversationId,
        userMessage: toPublicMessage(userMessage),
        replyId: randomUUID(),
        history,
        system: buildSystemPrompt(grounding),
        sources: passages.filter((p) => p.confident).map(toSource),
        mentionsOrder: stored.some((m) => m.usedTool || ORDER_DETAIL.test(m.content)),
      };
    },

    /**
     * Streams the reply as events and stores it at the end. `signal` is the shopper's: when it
     * aborts, the model call is aborted and what was written so far is stored as `stopped`.
     * `whole` asks the model for the reply in one response (POST /api/chat has nobody to stream to).
     */
    async *streamReply(turn: ChatTurn, signal: AbortSignal, mode: "stream" | "whole" = "stream"): AsyncGenerator<ReplyEvent> {
      const timeout = AbortSignal.timeout(responder.timeoutMs);
      const cacheKey = replyCacheKey(turn);
      let text = "";
      let usedTool = false;
      let failure: unknown;

      const cached = turn.mentionsOrder ? undefined : await deps.replyCache.get(cacheKey);
      if (cached) {
        text = cached;
        yield { type: "text", delta: text };
      } else {
        try {
          const call = {
            model: responder.model,
            system: turn.system,
            messages: turn.history,
            tools: deps.tools(turn),
            stopWhen: stepCountIs(MAX_STEPS),
            temperature: responder.temperature,
            maxOutputTokens: responder.maxOutputTokens,
            maxRetries: responder.maxRetries,
            abortSignal: AbortSignal.any([signal, timeout]),
          };
          let stepHadText = false;
          for await (const part of mode === "stream" ? streamedParts(call) : generatedParts(call)) {
            if (part.type === "start-step") {
              stepHadText = false;
            } else if (part.type === "text-delta" && part.text) {
              // Text from a later step starts a new paragraph.
              const delta = !stepHadText && text ? `\n\n${part.text}` : part.text;
              stepHadText = true;
              text += delta;
              yield { type: "text", delta };
            } else if (part.type === "tool-call") {
              usedTool = true;
              const input = part.input as { orderNumber?: unknown };
              const orderNumber = typeof input?.orderNumber === "string" ? input.orderNumber : "";
              yield { type: "tool-call", toolCallId: part.toolCallId, toolName: part.toolName, orderNumber };
            } else if (part.type === "tool-result") {
              const output = part.output as { found?: unknown };
              yield { type: "tool-result", toolCallId: part.toolCallId, found: output?.found === true };
            } else if (part.type === "error") {
              failure = part.error;
            }
          }
        } catch (error) {
          failure = error;
        }
      }

      let status: Message["status"] = "complete";
      if (signal.aborted) {
        status = "stopped";
      } else if (failure || timeout.aborted || !text.trim()) {
        deps.logger.error(
          { err: failure instanceof Error ? failure.message : String(failure ?? "timeout or empty reply"), conversationId: turn.conversationId },
          "model reply failed",
        );
        if (text.trim()) {
          status = "stopped";
        } else {
          status = "fallback";
          text = FALLBACK_REPLY;
          yield { type: "text", delta: text };
        }
      }

      const sources = usedTool || status === "fallback" ? [] : turn.sources;
      if (sources.length > 0) yield { type: "sources", sources };

      const reply: StoredMessage = {
        id: turn.replyId,
        role: "assistant",
        content: text,
        createdAt: deps.clock().toISOString(),
        status,
        sources,
        feedback: null,
        usedTool,
      };
      const version = await deps.messages.appendMessage({ ...reply, conversationId: turn.conversationId }, turn.visitorId);
      if (version) {
        await deps.messageCache.append(turn.conversationId, reply, version.revision);
        const cacheable = status === "complete" && !usedTool && !cached && !turn.mentionsOrder && !ORDER_DETAIL.test(text);
        if (cacheable) await deps.replyCache.set(cacheKey, text, turn.conversationId);
      }
      yield { type: "done", reply: toPublicMessage(reply) };
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
