// The live channels, as Server-Sent Events: the shopper's (one conversation, visitor token) and
// the staff's (every conversation, session cookie). Each event is one `data:` line of JSON with a
// `type`; the first is `ready`, the client's cue to re-read what it shows, so a reconnect misses
// nothing. A comment line keeps proxies from closing an idle stream.
import type { Request, Response } from "express";
import { ConversationIdParamsSchema, HandoffRequestSchema, type HandoffResponse, type LiveEvent } from "@harbor/contracts";
import { toShopperMessage, type DomainEvent, type EventBus } from "../events/live-events";
import { readSessionCookie, staffOf } from "../middleware/actor";
import type { StaffAuthService } from "../services/staff-auth.service";
import type { LiveConversationService } from "../services/live-conversation.service";

/** Open live streams, so shutdown can end them. */
export class LiveStreams {
  private readonly open = new Set<Response>();
  add(res: Response) {
    this.open.add(res);
    res.on("close", () => this.open.delete(res));
  }
  endAll() {
    for (const res of this.open) res.end();
    this.open.clear();
  }
  get size() {
    return this.open.size;
  }
}

/**
 * Starts the event stream. `stillAllowed` runs with every keep-alive: when it says no (a staff
 * session that ended), the stream ends. `cleanup` runs once when the stream closes, also when the
 * client had already gone before the stream started.
 */
function openStream(
  req: Request,
  res: Response,
  streams: LiveStreams,
  keepaliveMs: number,
  stillAllowed: () => Promise<boolean> = async () => true,
) {
  res.status(200).set({
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    "X-Accel-Buffering": "no",
    Connection: "keep-alive",
  });
  res.flushHeaders();
  req.socket.setNoDelay(true);
  streams.add(res);
  const send = (event: LiveEvent) => void res.write(`data: ${JSON.stringify(event)}\n\n`);
  const keepalive = setInterval(() => {
    res.write(": keepalive\n\n");
    stillAllowed().then(
      (allowed) => allowed || res.end(),
      () => undefined,
    );
  }, keepaliveMs);
  const cleanups: (() => void)[] = [() => clearInterval(keepalive)];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const cleanup of cleanups) cleanup();
  };
  res.on("close", close);
  // The client may have gone while we authenticated: then "close" has fired already.
  if (res.closed || req.socket.destroyed) close();
  return {
    send,
    /** Registers what to undo when the stream closes (at once when it is closed already). */
    onClose(cleanup: () => void) {
      if (closed) cleanup();
      else cleanups.push(cleanup);
    },
  };
}

export function createLiveController(deps: {
  events: EventBus;
  live: LiveConversationService;
  streams: LiveStreams;
  keepaliveMs: number;
  auth: StaffAuthService;
}) {
  const { events, live, streams, keepaliveMs, auth } = deps;
  return {
    /** POST /api/chat/:id/handoff: the shopper asks for a person. */
    async handoff(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      const { reason } = HandoffRequestSchema.parse(req.body ?? {});
      const status = await live.handoff(id, { kind: "shopper", visitorId: req.visitor!.id }, reason || null);
      res.set("Cache-Control", "no-store").json({ conversationId: id, status } satisfies HandoffResponse);
    },

    /** GET /api/chat/:id/events: one conversation's events, for its visitor. */
    async shopperEvents(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      const visitorId = req.visitor!.id;
      await live.shopperState(id, visitorId); // 404 for another visitor's or a missing conversation
      const { send, onClose } = openStream(req, res, streams, keepaliveMs);
      const toShopper = (event: DomainEvent): LiveEvent | undefined => {
        if (event.type === "resync") return { type: "ready" };
        if (event.type === "reply.stop" || event.type === "store.updated" || event.type === "knowledge.updated") return undefined;
        if (event.conversationId !== id || event.visitorId !== visitorId) return undefined;
        if (event.type === "message.created") return { type: event.type, conversationId: id, message: toShopperMessage(event.message) };
        if (event.type === "typing") return { type: event.type, conversationId: id, name: event.name };
        // The shopper learns who holds the conversation by name only.
        return {
          type: event.type,
          conversationId: id,
          status: event.status,
          assignee: event.status === "human" && event.assignee ? { name: event.assignee.name } : null,
        };
      };
      onClose(
        events.subscribe((event) => {
          const out = toShopper(event);
          if (out) send(out);
        }),
      );
      send({ type: "ready" });
    },

    /** GET /api/staff/events: every conversation's events, for signed-in staff. */
    staffEvents(req: Request, res: Response) {
      staffOf(req);
      // The session is checked again with every keep-alive: a sign-out, a new password or a
      // removed account ends the stream.
      const sessionId = readSessionCookie(req) ?? "";
      const { send, onClose } = openStream(req, res, streams, keepaliveMs, async () => Boolean(await auth.authenticate(sessionId)));
      const unsubscribe = events.subscribe((event) => {
        if (event.type === "resync") {
          send({ type: "ready" });
        } else if (event.type === "conversation.updated") {
          send({
            type: event.type,
            conversationId: event.conversationId,
            status: event.status,
            assignee: event.assignee,
            handoffReason: event.handoffReason,
          });
        } else if (event.type === "message.created") {
          send({ type: event.type, conversationId: event.conversationId, message: event.message });
        } else if (event.type === "typing") {
          send({ type: event.type, conversationId: event.conversationId, name: event.name });
        }
        // reply.stop and store.updated are between API instances only.
      });
      onClose(unsubscribe);
      send({ type: "ready" });
    },
  };
}
