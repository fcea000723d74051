import type { Request, Response } from "express";
import { createUIMessageStream, pipeUIMessageStreamToResponse, type UIMessageChunk } from "ai";
import { ChatRequestSchema, type ChatResponse, type ConversationStreamData, type Message } from "@harbor/contracts";
import { SSE_CACHE_CONTROL } from "../middleware/cache-control";
import { ipKey } from "../middleware/chat-limits";
import type { ChatService, ChatTurn } from "../services/chat.service";

/** Replies being written right now, so shutdown can stop them and wait until they are stored. */
export class ReplyRegistry {
  private readonly open = new Map<AbortController, Promise<unknown>>();

  track(abort: AbortController, done: Promise<unknown>): void {
    this.open.set(abort, done);
    const forget = () => void this.open.delete(abort);
    done.then(forget, forget);
  }

  /** Stops every open reply (each is stored as `stopped`) and waits for them. */
  async stopAll(): Promise<void> {
    for (const abort of this.open.keys()) abort.abort();
    await Promise.allSettled(this.open.values());
  }
}

/** An AbortController that fires when the client goes away before the response is complete. */
function abortOnDisconnect(res: Response): AbortController {
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  return abort;
}

const tokenHeader = (turn: ChatTurn): Record<string, string> =>
  turn.visitorToken ? { "X-Visitor-Token": turn.visitorToken } : {};

export function createChatController(chat: ChatService, replies: ReplyRegistry) {
  return {
    /** POST /api/chat: the whole reply as JSON. */
    async postChat(req: Request, res: Response) {
      const request = ChatRequestSchema.parse(req.body);
      const abort = abortOnDisconnect(res);
      const turn = await chat.startTurn(req.visitor, request, ipKey(req));
      let reply: Message | null = null;
      let status = turn.status;
      if (turn.status === "bot") {
        const done = (async () => {
          for await (const event of chat.streamReply(turn, abort.signal, "whole")) {
            if (event.type === "done") {
              reply = event.stored ? event.reply : null;
              status = event.conversationStatus;
            }
          }
        })();
        replies.track(abort, done);
        await done;
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

    /** POST /api/chat/stream: the AI SDK UI message stream, for useChat. */
    async postChatStream(req: Request, res: Response) {
      const request = ChatRequestSchema.parse(req.body);
      const abort = abortOnDisconnect(res);
      const turn = await chat.startTurn(req.visitor, request, ipKey(req));
      let finished!: () => void;
      replies.track(abort, new Promise<void>((resolve) => (finished = resolve)));

      const stream = createUIMessageStream({
        execute: async ({ writer }) => {
          // Once the client has gone, writes fail; the reply must still run to the end and be stored.
          const write = (chunk: UIMessageChunk) => {
            try {
              writer.write(chunk);
            } catch {
              // client gone
            }
          };
          try {
            const answers = turn.status === "bot";
            const data: ConversationStreamData = {
              conversationId: turn.conversationId,
              userMessage: turn.userMessage,
              replyId: answers ? turn.replyId : null,
              status: turn.status,
              ...(turn.visitorToken ? { visitorToken: turn.visitorToken } : {}),
            };
            write({ type: "start", ...(answers ? { messageId: turn.replyId } : {}) });
            write({ type: "data-conversation", data, transient: true });
            if (!answers) {
              // A person has the conversation: the message is stored, the agent stays silent.
              write({ type: "finish" });
              return;
            }
            let textId: string | undefined;
            let parts = 0;
            const closeText = () => {
              if (textId) write({ type: "text-end", id: textId });
              textId = undefined;
            };
            for await (const event of chat.streamReply(turn, abort.signal)) {
              if (event.type === "text") {
                if (!textId) {
                  textId = `text-${++parts}`;
                  write({ type: "text-start", id: textId });
                }
                write({ type: "text-delta", id: textId, delta: event.delta });
              } else if (event.type === "tool-call") {
                closeText();
                // The browser learns which order is being looked up, never the email or the order.
                write({
                  type: "tool-input-available",
                  toolCallId: event.toolCallId,
                  toolName: event.toolName,
                  input: { orderNumber: event.orderNumber },
                });
              } else if (event.type === "tool-result") {
                write({ type: "tool-output-available", toolCallId: event.toolCallId, output: { found: event.found } });
              } else if (event.type === "sources") {
                closeText();
                for (const s of event.sources) write({ type: "source-url", sourceId: s.id, url: s.url, title: s.title });
              } else {
                closeText();
                write({ type: "data-status", data: { status: event.conversationStatus }, transient: true });
                write({
                  type: "finish",
                  messageMetadata: { status: event.reply.status, createdAt: event.reply.createdAt, stored: event.stored },
                });
              }
            }
          } finally {
            finished();
          }
        },
        onError: () => "Something went wrong.",
      });
      pipeUIMessageStreamToResponse({
        response: res,
        stream,
        headers: { ...tokenHeader(turn), "Cache-Control": SSE_CACHE_CONTROL },
      });
    },
  };
}
