import type { Request, Response } from "express";
import type { UIMessageChunk } from "ai";
import {
  ChatRequestSchema,
  ConversationIdParamsSchema,
  ReplyStreamEventIdSchema,
  StopReplyRequestSchema,
  type ChatResponse,
  type ConversationStreamData,
  type Message,
  type ReplyFinishMetadata,
  type StopReplyResponse,
} from "@harbor/contracts";
import { SSE_CACHE_CONTROL } from "../middleware/cache-control";
import { ipKey } from "../middleware/chat-limits";
import type { ChatService, ChatTurn } from "../services/chat.service";
import {
  compareEntryIds,
  type FollowedEntry,
  type ReplyStreamEvent,
  type ReplyStreamService,
} from "../services/reply-stream.service";

const tokenHeader = (turn: ChatTurn): Record<string, string> =>
  turn.visitorToken ? { "X-Visitor-Token": turn.visitorToken } : {};

/** An AbortSignal that fires when the client goes away: it ends the reading, never the reply. */
function clientGone(res: Response): AbortSignal {
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  return abort.signal;
}

/**
 * The AI SDK UI message stream as Server-Sent Events, written here rather than by the SDK so each
 * event carries its stream entry's `id:` (what `Last-Event-ID` resumes after).
 */
function openUiStream(res: Response, headers: Record<string, string> = {}) {
  res.status(200).set({
    "Content-Type": "text/event-stream",
    "Cache-Control": SSE_CACHE_CONTROL,
    Connection: "keep-alive",
    "x-vercel-ai-ui-message-stream": "v1",
    // nginx in front must pass each event on at once.
    "X-Accel-Buffering": "no",
    ...headers,
  });
  res.flushHeaders();
  res.req.socket.setNoDelay(true);
  const write = (text: string) => {
    // Once the client has gone, writes go nowhere; the reply runs on regardless.
    if (!res.writableEnded && !res.destroyed) res.write(text);
  };
  return {
    send: (chunk: UIMessageChunk, id?: string) => write(`${id ? `id: ${id}\n` : ""}data: ${JSON.stringify(chunk)}\n\n`),
    end() {
      write("data: [DONE]\n\n");
      if (!res.writableEnded) res.end();
    },
  };
}

/**
 * Maps a reply's stream events to UI message chunks. It keeps which text part is open, so it sees
 * every event from the start, also those a resumed client already has.
 */
function uiChunks(replyId: string) {
  let textId: string | undefined;
  let parts = 0;
  const closeText = (): UIMessageChunk[] => {
    const chunks: UIMessageChunk[] = textId ? [{ type: "text-end", id: textId }] : [];
    textId = undefined;
    return chunks;
  };
  return (event: ReplyStreamEvent): UIMessageChunk[] => {
    switch (event.type) {
      case "start":
        return [{ type: "start", messageId: replyId }];
      case "text": {
        const opened: UIMessageChunk[] = [];
        if (!textId) {
          textId = `text-${++parts}`;
          opened.push({ type: "text-start", id: textId });
        }
        return [...opened, { type: "text-delta", id: textId, delta: event.delta }];
      }
      case "tool-call":
        // The browser learns which order is being looked up, never the email or the order.
        return [
          ...closeText(),
          { type: "tool-input-available", toolCallId: event.toolCallId, toolName: event.toolName, input: { orderNumber: event.orderNumber } },
        ];
      case "tool-result":
        return [{ type: "tool-output-available", toolCallId: event.toolCallId, output: { found: event.found } }];
      case "sources":
        return [...closeText(), ...event.sources.map((s): UIMessageChunk => ({ type: "source-url", sourceId: s.id, url: s.url, title: s.title }))];
      case "end": {
        const metadata: ReplyFinishMetadata = { status: event.status, createdAt: event.createdAt, stored: event.stored };
        return [
          ...closeText(),
          { type: "data-status", data: { status: event.conversationStatus }, transient: true },
          { type: "finish", messageMetadata: metadata },
        ];
      }
    }
  };
}

/** Same reply, same epoch: then entries up to `afterId` are ones the client has. */
const sameReply = (entryId: string, afterId: string) => entryId.split("-")[0] === afterId.split("-")[0];

/**
 * Writes a followed reply to the client. `afterStart` adds what only this response carries (the
 * acknowledgement with the visitor token) right after the start. A stream that ends without the
 * reply's end (Redis went away) still ends cleanly, with a finish.
 */
async function relay(
  ui: ReturnType<typeof openUiStream>,
  replyId: string,
  entries: AsyncIterable<FollowedEntry>,
  options: { afterId?: string; afterStart?: (id: string) => void } = {},
) {
  const toChunks = uiChunks(replyId);
  let skipUpTo: string | undefined;
  let ended = false;
  for await (const entry of entries) {
    if (entry.event.type === "start" && options.afterId && sameReply(entry.id, options.afterId)) skipUpTo = options.afterId;
    const chunks = toChunks(entry.event);
    ended ||= entry.event.type === "end";
    if (skipUpTo && compareEntryIds(entry.id, skipUpTo) <= 0) continue;
    for (const chunk of chunks) ui.send(chunk, entry.id);
    if (entry.event.type === "start") options.afterStart?.(entry.id);
  }
  if (!ended) ui.send({ type: "finish" });
  ui.end();
}

export function createChatController(chat: ChatService, replies: ReplyStreamService) {
  return {
    /** POST /api/chat: the whole reply as JSON. The reply is stored even if the client goes away. */
    async postChat(req: Request, res: Response) {
      const request = ChatRequestSchema.parse(req.body);
      const turn = await chat.startTurn(req.visitor, request, ipKey(req));
      let reply: Message | null = null;
      let status = turn.status;
      if (turn.status === "bot") {
        const done = await (await replies.start(turn, "whole")).done;
        reply = done.stored ? done.reply : null;
        status = done.conversationStatus;
      }
      const body: ChatResponse = {
        conversationId: turn.conversationId,
        userMessage: turn.userMessage,
        reply,
        status,
        ...(turn.visitorToken ? { visitorToken: turn.visitorToken } : {}),
      };
      res.set(tokenHeader(turn)).json(body);
    },

    /** POST /api/chat/stream: the AI SDK UI message stream, for useChat; it follows the shared reply stream. */
    async postChatStream(req: Request, res: Response) {
      const request = ChatRequestSchema.parse(req.body);
      const turn = await chat.startTurn(req.visitor, request, ipKey(req));
      const answers = turn.status === "bot";
      const running = answers ? await replies.start(turn, "stream") : undefined;
      const data: ConversationStreamData = {
        conversationId: turn.conversationId,
        userMessage: turn.userMessage,
        replyId: answers ? turn.replyId : null,
        status: turn.status,
        ...(turn.visitorToken ? { visitorToken: turn.visitorToken } : {}),
      };
      const ui = openUiStream(res, tokenHeader(turn));
      // Only this response says it (it may carry a new visitor's token): never in the shared stream.
      const acknowledge = (id?: string) => ui.send({ type: "data-conversation", data, transient: true }, id);
      if (!running) {
        // A person has the conversation: the message is stored, the agent stays silent.
        ui.send({ type: "start" });
        acknowledge();
        ui.send({ type: "finish" });
        ui.end();
        return;
      }
      await relay(ui, turn.replyId, running.follow(clientGone(res)), { afterStart: acknowledge });
    },

    /** GET /api/chat/:id/stream: the reply in progress, replayed and followed; 204 when there is none. */
    async resumeStream(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      const header = req.get("last-event-id");
      const afterId = header ? ReplyStreamEventIdSchema.parse(header) : undefined;
      const followed = await replies.follow(id, req.visitor!.id, clientGone(res));
      if (!followed) {
        res.status(204).end();
        return;
      }
      await relay(openUiStream(res), followed.replyId, followed.entries, { afterId });
    },

    /** POST /api/chat/:id/stop: stops the reply in progress, whichever instance writes it. */
    async stopReply(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      StopReplyRequestSchema.parse(req.body ?? {});
      const replyId = await replies.stop(id, req.visitor!.id);
      const body: StopReplyResponse = replyId ? { stopping: true, replyId } : { stopping: false };
      res.status(replyId ? 202 : 200).json(body);
    },
  };
}
