// A chat turn: store the shopper's message first (so it is never lost), ground the reply in the
// knowledge base, get it from the reply cache or the model, then store the reply — complete,
// stopped or the fallback — whatever happened on the way.
import { createHash, randomUUID } from "node:crypto";
import { generateText, hasToolCall, stepCountIs, streamText, tool, zodSchema, type ModelMessage, type ToolSet } from "ai";
import { z } from "zod";
import {
  HandoffReasonCodeSchema,
  type ChatRequest,
  type ConversationStatus,
  type Message,
  type Source,
  type StaffToolCall,
} from "@harbor/contracts";
import type { ConversationRepo } from "../db/conversation.repo";
import type { ConversationVersion, MessageRepo, StoredMessage } from "../db/message.repo";
import type { ReplyMetricsRepo } from "../db/reply-metrics.repo";
import type { Visitor } from "../db/visitor.repo";
import { notFound } from "../errors";
import type { EventBus } from "../events/live-events";
import { CONTACT_ARTICLE_SLUG, conversationQuery, type KnowledgeBase, type Passage } from "./knowledge-index";
import type { Responder } from "../llm/responder";
import type { Logger } from "../logger";
import type { MessageCache } from "../redis/message-cache";
import type { ReplyCache } from "../redis/reply-cache";
import { toPublicMessage } from "./conversation.service";
import { toStaffMessage, type HandoffActor } from "./live-conversation.service";
import type { ShopperIdentityService, VerifiedShopper } from "./shopper-identity.service";
import type { StoreProfileService } from "./store-profile.service";
import { reviewPromises } from "./promise-review";
import { buildSystemPrompt, FALLBACK_REPLY, PROMPT_VERSION, passagesOf } from "./support-prompt";
import type { VisitorService } from "./visitor.service";

export const HISTORY_MESSAGES = 10;
const PASSAGES = 3;
const MAX_STEPS = 3;
const TITLE_CHARS = 60;
const ORDER_DETAIL = /\bHP-\d{5}\b|[^\s@]+@[^\s@]+\.[^\s@]+/i;

export const HANDOFF_TOOL = "handoff_to_human";
const HANDOFF_DESCRIPTION =
  "Hand the conversation to a person of the store's team. Use it when the shopper asks for a human, when the passages do not answer what the shopper needs, for an order problem you cannot solve, for a request for an exception to a policy, or when the shopper is frustrated.";
// Built once, wrapped so its JSON Schema is made once: the tool itself closes over each turn, its
// schema does not.
const HandoffInputSchema = zodSchema(
  z.object({
    reason: HandoffReasonCodeSchema,
    summary: z.string().max(500).describe("One or two sentences for the staff member: what the shopper needs."),
  }),
);

export interface ChatTurn {
  visitorId: string;
  /** The sender's address, as the rate limits key it: the order-lookup limits count by it too. */
  clientIp: string;
  visitorToken?: string;
  conversationId: string;
  userMessage: Message;
  /** bot: the agent answers (replyId set); waiting or human: a person has it and the agent is silent. */
  status: ConversationStatus;
  replyId: string;
  history: ModelMessage[];
  system: string;
  sources: Source[];
  /** Whether anything in the turn names an order or an email: such replies are never cached. */
  mentionsOrder: boolean;
  /** The shopper the store's site signed in, when this request's identity checked out (never stored). */
  shopper?: VerifiedShopper;
  /** What retrieval found for the turn, recorded with the reply's metrics. */
  retrieval: TurnRetrieval;
}

export interface TurnRetrieval {
  /** The best passage's score; null when nothing matched. */
  topScore: number | null;
  /** Whether a passage was strong enough to answer from. */
  confident: boolean;
  articleIds: string[];
}

const NO_RETRIEVAL: TurnRetrieval = { topScore: null, confident: false, articleIds: [] };

export type ReplyEvent =
  | { type: "text"; delta: string }
  | { type: "tool-call"; toolCallId: string; toolName: string; orderNumber: string }
  | { type: "tool-result"; toolCallId: string; found: boolean }
  | { type: "sources"; sources: Source[] }
  /** `stored` is false when a person took over and the reply was dropped. */
  | { type: "done"; reply: Message; stored: boolean; conversationStatus: ConversationStatus };

export interface ReplyOptions {
  /** Asked right before storing: false when another instance took the reply over (and stored it). */
  mayStore?: () => Promise<boolean>;
}

/** What is known of a reply whose instance died: what it had streamed. */
export interface InterruptedReply {
  conversationId: string;
  visitorId: string;
  replyId: string;
  content: string;
  toolCalls: StaffToolCall[];
  sources: Source[];
}

export interface ChatDeps {
  visitors: VisitorService;
  conversations: ConversationRepo;
  messages: MessageRepo;
  events: EventBus;
  store: StoreProfileService;
  /** The live-conversation service's handoff, for the agent's handoff_to_human tool. */
  handoff: (conversationId: string, actor: HandoffActor, reason: string, note?: string) => Promise<ConversationStatus>;
  messageCache: MessageCache;
  replyCache: ReplyCache;
  knowledge: KnowledgeBase;
  responder: Responder;
  /** Checks the signed identity a request may carry. */
  shoppers: ShopperIdentityService;
  /** A fresh tool set per turn: the order-lookup limits count per turn, visitor and address; a verified shopper's email. */
  tools: (turn: ChatTurn) => ToolSet;
  clock: () => Date;
  logger: Logger;
  /** Where each agent reply's model, timings, tokens and grounding are written (migration 0007). */
  replyMetrics: ReplyMetricsRepo;
  /** A monotonic clock in milliseconds, for latencies; performance.now by default. */
  timer?: () => number;
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
    .map((m): ModelMessage =>
      // A staff member's words reach the model as the store's side of the conversation.
      m.role === "staff" ? { role: "assistant", content: m.content } : { role: m.role, content: m.content },
    );

type ModelCall = Parameters<typeof generateText>[0] & Parameters<typeof streamText>[0];
type ModelPart =
  | { type: "start-step" }
  | { type: "text-delta"; text: string }
  | { type: "tool-call"; toolCallId: string; toolName: string; input: unknown }
  | { type: "tool-result"; toolCallId: string; output: unknown }
  | { type: "finish-step"; usage: { inputTokens: number | undefined; outputTokens: number | undefined } }
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
    yield { type: "finish-step", usage: step.usage };
  }
}

/** The passages a reply is grounded in: the best matches for the query, plus the contact article. */
export function groundingFor(knowledge: KnowledgeBase, query: string): { passages: Passage[]; grounding: Passage[] } {
  const passages = knowledge.search(query, PASSAGES);
  const contact = knowledge.get(CONTACT_ARTICLE_SLUG);
  const grounding =
    contact && !passages.some((p) => p.article.slug === CONTACT_ARTICLE_SLUG)
      ? [...passages, { article: contact, score: 0, confident: false }]
      : passages;
  return { passages, grounding };
}

export interface PreviewReply {
  text: string;
  handedOff: boolean;
  sources: Source[];
}

/**
 * The reply the agent would give to `question` as a first message, grounded in `knowledge`, with
 * the chat's system prompt, responder and handoff tool (which only notes the handoff here). Nothing
 * is stored and no order is looked up: the knowledge editor's "Try it".
 */
export async function previewReply(options: {
  responder: Responder;
  store: StoreProfileService;
  knowledge: KnowledgeBase;
  question: string;
}): Promise<PreviewReply> {
  const { responder, knowledge, question } = options;
  const { passages, grounding } = groundingFor(knowledge, question);
  let handedOff = false;
  try {
    const result = await generateText({
      model: responder.model,
      system: buildSystemPrompt(grounding, options.store.facts(), { verified: false }),
      messages: [{ role: "user", content: question }],
      tools: {
        [HANDOFF_TOOL]: tool({
          description: HANDOFF_DESCRIPTION,
          inputSchema: HandoffInputSchema,
          execute: async () => {
            handedOff = true;
            return { handedOff: true, status: "waiting" };
          },
        }),
      },
      stopWhen: [stepCountIs(MAX_STEPS), hasToolCall(HANDOFF_TOOL)],
      temperature: responder.temperature,
      maxOutputTokens: responder.maxOutputTokens,
      maxRetries: responder.maxRetries,
      abortSignal: AbortSignal.timeout(responder.timeoutMs),
    });
    const text = result.steps
      .map((step) => step.text)
      .filter((t) => t.trim())
      .join("\n\n");
    return { text: text.trim() ? text : handedOff ? "" : FALLBACK_REPLY, handedOff, sources: handedOff ? [] : passages.filter((p) => p.confident).map(toSource) };
  } catch {
    return { text: FALLBACK_REPLY, handedOff: false, sources: [] };
  }
}

export function createChatService(deps: ChatDeps) {
  const { responder } = deps;
  const timer = deps.timer ?? (() => performance.now());
  // What insights call the model: the offline responder is one model, whatever its id.
  const modelName = responder.name === "offline" ? "offline" : responder.model.modelId;

  // Replies being generated on this instance, by conversation: a take-over (heard from any
  // instance through the event bus) stops them.
  type Generating = { abort: AbortController; handedOff: () => boolean };
  const generating = new Map<string, Set<Generating>>();
  const unsubscribe = deps.events.subscribe((event) => {
    if (event.type !== "conversation.updated" || event.status === "bot") return;
    for (const reply of generating.get(event.conversationId) ?? []) {
      if (!(event.status === "waiting" && reply.handedOff())) reply.abort.abort();
    }
  });

  function handoffText(): string {
    const store = deps.store.current();
    return store.openNow
      ? `I've asked a person from the ${store.name} team to join. They'll reply right here in this chat.`
      : `I've asked a person from the ${store.name} team to join. They're away right now (${store.hoursText}), so they'll reply here when they're back, ${store.replyTime}.`;
  }

  async function loadHistory(conversationId: string, visitorId: string, version: ConversationVersion) {
    // A few extra, since fallback replies are left out of the history.
    const want = HISTORY_MESSAGES + 4;
    const cached = await deps.messageCache.latest(conversationId, version, want);
    if (cached) return cached;
    const page = await deps.messages.listMessagesForConversation(conversationId, visitorId, want);
    return page?.messages ?? [];
  }

  /** A stored agent reply reaches the message cache and every live screen. */
  async function afterStored(conversationId: string, visitorId: string, reply: StoredMessage, version: ConversationVersion) {
    await deps.messageCache.append(conversationId, reply, version.revision);
    deps.events.publish({ type: "message.created", conversationId, visitorId, message: toStaffMessage(reply) });
  }

  /** One insert right after the reply is stored; a failed write is logged, never the shopper's problem. */
  async function recordMetrics(metrics: Parameters<ReplyMetricsRepo["record"]>[0]) {
    try {
      await deps.replyMetrics.record(metrics);
    } catch (error) {
      deps.logger.warn({ err: error instanceof Error ? error.message : String(error), messageId: metrics.messageId }, "reply metrics not recorded");
    }
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
      // Checked on every request that carries one: a verified shopper is never remembered.
      const shopper = deps.shoppers.verify(request.identity, { visitorId: visitor.id, conversationId });

      const userMessage: StoredMessage = {
        id: randomUUID(),
        role: "user",
        content: request.message,
        createdAt: now,
        status: "complete",
        sources: [],
        feedback: null,
        author: null,
        usedTool: false,
        toolCalls: [],
        flags: [],
      };
      // Scoped to the visitor: another visitor's (or a missing) conversation stores nothing and is a 404.
      const version = await deps.messages.appendMessage(
        { ...userMessage, conversationId, author: null },
        { visitorId: visitor.id },
        request.conversationId ? {} : { startsConversation: { title: titleFrom(request.message) } },
      );
      if (!version) throw notFound("conversation");
      await deps.messageCache.append(conversationId, userMessage, version.revision);
      deps.events.publish({ type: "message.created", conversationId, visitorId: visitor.id, message: toStaffMessage(userMessage) });
      if (version.reopened) {
        deps.events.publish({
          type: "conversation.updated",
          conversationId,
          visitorId: visitor.id,
          status: "bot",
          assignee: null,
          handoffReason: null,
        });
      }
      if (version.status !== "bot") {
        // A person has the conversation: the shopper's message is stored and reaches them live.
        return {
          visitorId: visitor.id,
          visitorToken,
          conversationId,
          userMessage: toPublicMessage(userMessage),
          status: version.status,
          clientIp,
          replyId: "",
          history: [],
          system: "",
          sources: [],
          mentionsOrder: false,
          retrieval: NO_RETRIEVAL,
        };
      }

      const stored = await loadHistory(conversationId, visitor.id, version);
      const history = toModelMessages(stored);
      const { passages, grounding } = groundingFor(
        deps.knowledge,
        conversationQuery(stored.map((m) => ({ role: m.role === "staff" ? "assistant" : m.role, content: m.content }))),
      );

      return {
        visitorId: visitor.id,
        clientIp,
        visitorToken,
        conversationId,
        userMessage: toPublicMessage(userMessage),
        status: version.status,
        replyId: randomUUID(),
        history,
        system: buildSystemPrompt(grounding, deps.store.facts(), { verified: Boolean(shopper) }),
        sources: passages.filter((p) => p.confident).map(toSource),
        mentionsOrder: stored.some((m) => m.usedTool || ORDER_DETAIL.test(m.content)),
        retrieval: {
          topScore: passages[0]?.score ?? null,
          confident: passages.some((p) => p.confident),
          articleIds: passages.map((p) => p.article.slug),
        },
        ...(shopper ? { shopper } : {}),
      };
    },

    /**
     * Streams the reply as events and stores it at the end. `signal` is a stop (the shopper's stop
     * request, shutdown): when it aborts, the model call is aborted and what was written so far is
     * stored as `stopped`. `whole` asks the model for the reply in one response (POST /api/chat has
     * nobody to stream to).
     */
    async *streamReply(
      turn: ChatTurn,
      signal: AbortSignal,
      mode: "stream" | "whole" = "stream",
      options: ReplyOptions = {},
    ): AsyncGenerator<ReplyEvent> {
      const timeout = AbortSignal.timeout(responder.timeoutMs);
      const startedAt = timer();
      let firstTokenMs: number | null = null;
      const tokens = { in: 0, out: 0 };
      const toolsCalled: string[] = [];
      let handoffReason: string | null = null;
      const cacheKey = replyCacheKey(turn);
      let text = "";
      let usedTool = false;
      let handedOff = false;
      let failure: unknown;
      const toolCalls = new Map<string, StaffToolCall>();
      const toolResults: string[] = [];

      // A take-over stops the reply; so does a stop.
      const takenOver = new AbortController();
      const entry: Generating = { abort: takenOver, handedOff: () => handedOff };
      const here = generating.get(turn.conversationId) ?? new Set<Generating>();
      generating.set(turn.conversationId, here.add(entry));
      try {
        const stopped = AbortSignal.any([signal, takenOver.signal]);

        // Right before the model: a person may have taken the conversation since the message was stored.
        const current = await deps.conversations.findConversationForVisitor(turn.conversationId, turn.visitorId);
        if (current?.status !== "bot") takenOver.abort();

        const tools: ToolSet = {
          ...deps.tools(turn),
          [HANDOFF_TOOL]: tool({
            description: HANDOFF_DESCRIPTION,
            inputSchema: HandoffInputSchema,
            execute: async ({ reason, summary }) => {
              handedOff = true;
              const status = await deps.handoff(turn.conversationId, { kind: "agent", visitorId: turn.visitorId }, reason, summary);
              return { handedOff: true, status };
            },
          }),
        };

        const cached = turn.mentionsOrder || stopped.aborted ? undefined : await deps.replyCache.get(cacheKey);
        if (cached) {
          text = cached;
          firstTokenMs = timer() - startedAt;
          yield { type: "text", delta: text };
        } else if (!stopped.aborted) {
          try {
            const call = {
              model: responder.model,
              system: turn.system,
              messages: turn.history,
              tools,
              // After a handoff the agent says no more than the standard words below.
              stopWhen: [stepCountIs(MAX_STEPS), hasToolCall(HANDOFF_TOOL)],
              temperature: responder.temperature,
              maxOutputTokens: responder.maxOutputTokens,
              maxRetries: responder.maxRetries,
              abortSignal: AbortSignal.any([stopped, timeout]),
            };
            let stepHadText = false;
            for await (const part of mode === "stream" ? streamedParts(call) : generatedParts(call)) {
              if (part.type === "start-step") {
                stepHadText = false;
              } else if (part.type === "text-delta" && part.text) {
                // Text from a later step starts a new paragraph.
                const delta = !stepHadText && text ? `\n\n${part.text}` : part.text;
                stepHadText = true;
                firstTokenMs ??= timer() - startedAt;
                text += delta;
                yield { type: "text", delta };
              } else if (part.type === "tool-call") {
                toolsCalled.push(part.toolName);
                if (part.toolName === HANDOFF_TOOL) {
                  const input = part.input as { reason?: unknown };
                  handoffReason = typeof input?.reason === "string" ? input.reason : null;
                  continue;
                }
                usedTool = true;
                const input = part.input as { orderNumber?: unknown };
                const orderNumber = typeof input?.orderNumber === "string" ? input.orderNumber : "";
                toolCalls.set(part.toolCallId, { toolName: part.toolName, orderNumber, found: null });
                yield { type: "tool-call", toolCallId: part.toolCallId, toolName: part.toolName, orderNumber };
              } else if (part.type === "tool-result") {
                const call = toolCalls.get(part.toolCallId);
                if (!call) continue;
                const output = part.output as { found?: unknown };
                toolResults.push(JSON.stringify(part.output));
                call.found = output?.found === true;
                yield { type: "tool-result", toolCallId: part.toolCallId, found: call.found };
              } else if (part.type === "finish-step") {
                tokens.in += part.usage.inputTokens ?? 0;
                tokens.out += part.usage.outputTokens ?? 0;
              } else if (part.type === "error") {
                failure = part.error;
              }
            }
          } catch (error) {
            failure = error;
          }
        }
        // Only a take-over that cut the model off mid-reply keeps what the shopper saw stream.
        const cutShortByTakeOver = takenOver.signal.aborted;

        let status: Message["status"] = "complete";
        if (handedOff && !stopped.aborted) {
          const words = handoffText();
          const delta = text.trim() ? `\n\n${words}` : words;
          text += delta;
          yield { type: "text", delta };
        } else if (stopped.aborted) {
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

        const sources = usedTool || handedOff || status === "fallback" ? [] : turn.sources;
        if (sources.length > 0) yield { type: "sources", sources };

        // The agent's own promises are checked against what it was grounded in (never shown to the shopper).
        const flags =
          status === "complete" && !handedOff
            ? await reviewPromises({ responder, reply: text, groundingTexts: passagesOf(turn.system), toolResultsJson: toolResults })
            : [];
        const reply: StoredMessage = {
          id: turn.replyId,
          role: "assistant",
          content: text,
          createdAt: deps.clock().toISOString(),
          status,
          sources,
          feedback: null,
          author: null,
          usedTool,
          toolCalls: [...toolCalls.values()],
          flags,
        };
        // Right before storing: only while the agent still has the conversation (or handed it off
        // itself in this turn). A reply a take-over cut short is kept as `stopped` when the
        // shopper saw some of it stream; anything else arriving after a person took over is dropped.
        const newMessage = { ...reply, conversationId: turn.conversationId, author: null };
        // Another instance may have stored it already (this one lost its lease): then not again.
        const mayStore = options.mayStore ? await options.mayStore() : true;
        let version = mayStore
          ? await deps.messages.appendMessage(
              newMessage,
              { visitorId: turn.visitorId },
              { onlyWhileStatus: handedOff ? ["bot", "waiting"] : ["bot"] },
            )
          : undefined;
        if (mayStore && !version && cutShortByTakeOver && mode === "stream" && text.trim()) {
          reply.status = "stopped";
          version = await deps.messages.appendMessage(
            { ...newMessage, status: "stopped" },
            { visitorId: turn.visitorId },
            { onlyWhileStatus: ["waiting", "human"] },
          );
        }
        if (version) {
          await afterStored(turn.conversationId, turn.visitorId, reply, version);
          await recordMetrics({
            messageId: reply.id,
            createdAt: reply.createdAt,
            model: modelName,
            latencyMs: timer() - startedAt,
            // The fallback's words are not the model's: no first token.
            firstTokenMs: status === "fallback" ? null : firstTokenMs,
            tokensIn: tokens.in,
            tokensOut: tokens.out,
            cacheHit: Boolean(cached),
            retrievalTopScore: turn.retrieval.topScore,
            retrievalConfident: turn.retrieval.confident,
            retrievedArticleIds: turn.retrieval.articleIds,
            citedArticleIds: reply.sources.map((source) => source.id),
            toolsCalled,
            handoffReason,
          });
          const cacheable =
            reply.status === "complete" && !usedTool && !handedOff && !cached && !turn.mentionsOrder && !ORDER_DETAIL.test(text);
          if (cacheable) await deps.replyCache.set(cacheKey, text, turn.conversationId);
        }
        const conversationStatus =
          version?.status ??
          (await deps.conversations.findConversationForVisitor(turn.conversationId, turn.visitorId))?.status ??
          turn.status;
        yield { type: "done", reply: toPublicMessage(reply), stored: Boolean(version), conversationStatus };
      } finally {
        here.delete(entry);
        if (here.size === 0 && generating.get(turn.conversationId) === here) generating.delete(turn.conversationId);
      }
    },

    /**
     * Stores what a reply had when the instance writing it died: as `stopped`, under its own id,
     * once (a reply stored already is answered as it is). Like a reply a take-over cut short, the
     * shopper saw it stream, so it is kept while a person has the conversation too.
     */
    async storeInterruptedReply(interrupted: InterruptedReply): Promise<Extract<ReplyEvent, { type: "done" }>> {
      const { conversationId, visitorId } = interrupted;
      const already = await deps.messages.findMessageForVisitor(conversationId, visitorId, interrupted.replyId);
      if (already) {
        const current = await deps.conversations.findConversationForVisitor(conversationId, visitorId);
        return { type: "done", reply: toPublicMessage(already), stored: true, conversationStatus: current?.status ?? "bot" };
      }
      const reply: StoredMessage = {
        id: interrupted.replyId,
        role: "assistant",
        content: interrupted.content,
        createdAt: deps.clock().toISOString(),
        status: "stopped",
        sources: interrupted.sources,
        feedback: null,
        author: null,
        usedTool: interrupted.toolCalls.length > 0,
        toolCalls: interrupted.toolCalls,
        flags: [],
      };
      const newMessage = { ...reply, conversationId, author: null };
      let version = await deps.messages.appendMessage(newMessage, { visitorId }, { onlyWhileStatus: ["bot"] });
      if (!version && reply.content.trim()) {
        version = await deps.messages.appendMessage(newMessage, { visitorId }, { onlyWhileStatus: ["waiting", "human"] });
      }
      if (version) await afterStored(conversationId, visitorId, reply, version);
      const conversationStatus =
        version?.status ?? (await deps.conversations.findConversationForVisitor(conversationId, visitorId))?.status ?? "bot";
      return { type: "done", reply: toPublicMessage(reply), stored: Boolean(version), conversationStatus };
    },

    close: () => unsubscribe(),
  };
}

export type ChatService = ReturnType<typeof createChatService>;
