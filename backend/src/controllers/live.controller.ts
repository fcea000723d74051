// The live channels, as Server-Sent Events: the shopper's (one conversation, visitor token) and
// the staff's (every conversation, session cookie). Each event is one `data:` line of JSON with a
// `type`; the first is `ready`, the client's cue to re-read what it shows, so a reconnect misses
// nothing. A comment line keeps proxies from closing an idle stream.
import type { Request, Response } from "express";
import { ConversationIdParamsSchema, HandoffRequestSchema, type HandoffResponse, type LiveEvent } from "@harbor/contracts";
import { toShopperMessage, type DomainEvent, type EventBus } from "../events/live-events";
import { readSessionCookie, staffOf } from "../middleware/actor";
import type { LiveConversationService } from "../services/live-conversation.service";

/** What the streams' keep-alive knows of one open stream. */
interface OpenStream {
  unsubscribe: () => void;
  /** A staff stream's session, checked at every keep-alive. */
  staffSession: string | undefined;
}

/**
 * The open live streams: one keep-alive timer for all of them (running only while any is open)
 * rather than one per stream, one shared "close" listener, and shutdown ends them. An idle stream
 * holds its entry here and its event subscription (bench/README.md, "Idle live-event connections").
 */
export class LiveStreams {
  private readonly open = new Map<Response, OpenStream>();
  private timer: NodeJS.Timeout | undefined;
  /** Every stream's "close" listener: one function (the response is `this`), not a closure per stream. */
  private readonly onClose = ((remove: (res: Response) => void) =>
    function (this: Response) {
      remove(this);
    })((res) => this.remove(res));

  /** `staffSessionActive` says whether a staff session still holds (a sign-out or a removed account ends its streams). */
  constructor(
    private readonly keepaliveMs: number,
    private readonly staffSessionActive: (sessionId: string) => Promise<boolean>,
  ) {}

  add(res: Response, stream: OpenStream) {
    this.open.set(res, stream);
    res.once("close", this.onClose);
    this.timer ??= setInterval(() => this.keepAlive(), this.keepaliveMs);
  }

  private remove(res: Response) {
    const stream = this.open.get(res);
    if (!stream) return;
    this.open.delete(res);
    stream.unsubscribe();
    if (this.open.size === 0) this.stopTimer();
  }

  /**
   * A comment line on every stream, so proxies keep them open; then each staff session once (one
   * member's many tabs cost one lookup), ending the streams of a session that ended.
   */
  private keepAlive() {
    const sessions = new Map<string, Promise<boolean>>();
    for (const [res, { staffSession }] of this.open) {
      res.write(": keepalive\n\n");
      if (staffSession === undefined) continue;
      let active = sessions.get(staffSession);
      if (!active) {
        active = this.staffSessionActive(staffSession).catch(() => true);
        sessions.set(staffSession, active);
      }
      void active.then((yes) => yes || res.end());
    }
  }

  private stopTimer() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  endAll() {
    for (const [res, stream] of this.open) {
      stream.unsubscribe();
      res.end();
    }
    this.open.clear();
    this.stopTimer();
  }

  get size() {
    return this.open.size;
  }
}

const write = (res: Response, event: LiveEvent) => void res.write(`data: ${JSON.stringify(event)}\n\n`);

/**
 * Starts the event stream: `toEvent` picks and shapes what this reader may see of each domain
 * event (undefined: nothing). A staff stream names its session, which every keep-alive checks.
 * Nothing is subscribed when the client had already gone while we authenticated.
 */
function openStream(
  req: Request,
  res: Response,
  deps: { streams: LiveStreams; events: EventBus },
  toEvent: (event: DomainEvent) => LiveEvent | undefined,
  staffSession?: string,
) {
  res.status(200).set({
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    "X-Accel-Buffering": "no",
    Connection: "keep-alive",
  });
  res.flushHeaders();
  if (res.closed || req.socket.destroyed) return;
  req.socket.setNoDelay(true);
  // An open stream keeps its request for hours: what routing and authentication left on it is
  // not needed any more (the router's `next` holds its whole chain of closures).
  req.next = undefined;
  req.visitor = undefined;
  req.actor = undefined;
  const unsubscribe = deps.events.subscribe((event) => {
    const out = toEvent(event);
    if (out) write(res, out);
  });
  deps.streams.add(res, { unsubscribe, staffSession });
  write(res, { type: "ready" });
}

/** What staff see of a domain event: every conversation's; reply.stop, store.updated and knowledge.updated are between API instances only. */
function toStaffEvent(event: DomainEvent): LiveEvent | undefined {
  if (event.type === "resync") return { type: "ready" };
  if (event.type === "conversation.updated") {
    return {
      type: event.type,
      conversationId: event.conversationId,
      status: event.status,
      assignee: event.assignee,
      handoffReason: event.handoffReason,
    };
  }
  if (event.type === "message.created") return { type: event.type, conversationId: event.conversationId, message: event.message };
  if (event.type === "typing") return { type: event.type, conversationId: event.conversationId, name: event.name };
  return undefined;
}

/** What a shopper sees of a domain event: their own conversation's, by name only. */
function toShopperEvent(event: DomainEvent, id: string, visitorId: string): LiveEvent | undefined {
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
}

export function createLiveController(deps: {
  events: EventBus;
  live: LiveConversationService;
  streams: LiveStreams;
}) {
  const { events, live, streams } = deps;
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
      openStream(req, res, { streams, events }, (event) => toShopperEvent(event, id, visitorId));
    },

    /** GET /api/staff/events: every conversation's events, for signed-in staff. */
    staffEvents(req: Request, res: Response) {
      staffOf(req);
      // The session is checked again with every keep-alive: a sign-out, a new password or a
      // removed account ends the stream.
      openStream(req, res, { streams, events }, toStaffEvent, readSessionCookie(req) ?? "");
    },
  };
}
