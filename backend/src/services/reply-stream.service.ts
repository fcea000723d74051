// Replies in progress, as streams any API instance can follow. The instance that calls the model
// runs the reply detached from any HTTP response and appends its events (text, tool calls, sources,
// the end) to the conversation's reply stream: in Redis for every instance, and in this process's
// memory for its own followers (and for an API without Redis). Followers replay it from its start
// and read on until its end. A lease, renewed while the reply runs, tells the other instances the
// writer is alive: when it runs out, one of them stores what was streamed as `stopped` and ends the
// stream. See docs/decisions/014-resumable-replies.md.
import type { ConversationStatus, ReplyStatus } from "@harbor/contracts";
import type { ConversationRepo } from "../db/conversation.repo";
import { notFound } from "../errors";
import type { EventBus } from "../events/live-events";
import type { Logger } from "../logger";
import type { ReplyStreamEntry, ReplyStreamStore, RunningReply } from "../redis/reply-stream-store";
import type { ChatService, ChatTurn, ReplyEvent } from "./chat.service";

export { compareEntryIds } from "../redis/reply-stream-store";

type Done = Extract<ReplyEvent, { type: "done" }>;

/** What a reply stream holds: the chat service's events, framed by the reply's start and end. */
export type ReplyStreamEvent =
  | { type: "start"; visitorId: string }
  | Exclude<ReplyEvent, { type: "done" }>
  | { type: "end"; status: ReplyStatus; createdAt: string; stored: boolean; conversationStatus: ConversationStatus };

export interface FollowedEntry {
  /** The stream entry id, `{epoch}-{seq}`: given to clients as the SSE id. */
  id: string;
  replyId: string;
  event: ReplyStreamEvent;
}

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

export interface ReplyStreamDeps {
  chat: ChatService;
  events: EventBus;
  conversations: ConversationRepo;
  /** This process's streams: the replies it runs (and all of them without Redis). */
  local: ReplyStreamStore;
  /** The streams every instance reads (Redis); undefined without Redis. */
  shared?: ReplyStreamStore;
  registry: ReplyRegistry;
  /** A reply whose lease is not renewed for this long is taken as dead (its writer renews every third). */
  leaseMs: number;
  /** How often this instance looks for dead replies. */
  sweepMs: number;
  /** How often a follower reads a stream written elsewhere. */
  pollMs?: number;
  /** A stream without a new entry for this long is given up (its key expired, Redis lost it). */
  idleMs?: number;
  /** Wall-clock milliseconds, shared by the instances through their leases. */
  now?: () => number;
  logger: Logger;
}

// 75 ms: a delay no reader notices in a stream of tokens, at about 13 small XRANGEs a second per
// follower on another instance (followers on the writer's own instance are woken at once).
const POLL_MS = 75;
// Consecutive failed reads before a follower gives up on a Redis that went away.
const READ_FAILURES = 5;

const parse = (entry: ReplyStreamEntry): FollowedEntry | undefined => {
  try {
    return { id: entry.id, replyId: entry.replyId, event: JSON.parse(entry.data) as ReplyStreamEvent };
  } catch {
    return undefined;
  }
};
const parseAll = (entries: ReplyStreamEntry[]) => entries.map(parse).filter((e): e is FollowedEntry => e !== undefined);

const nextId = (id: string) => {
  const [ms = "0", seq = "0"] = id.split("-");
  return `${ms}-${Number(seq) + 1}`;
};

const endOf = (done: Done): ReplyStreamEvent => ({
  type: "end",
  status: done.reply.status,
  createdAt: done.reply.createdAt,
  stored: done.stored,
  conversationStatus: done.conversationStatus,
});

export function createReplyStreamService(deps: ReplyStreamDeps) {
  const { local, shared, logger } = deps;
  const now = deps.now ?? Date.now;
  const pollMs = deps.pollMs ?? POLL_MS;
  const idleMs = deps.idleMs ?? 120_000;
  // Leases live where every instance sees them; without Redis, in memory (one instance).
  const leases = shared ?? local;

  // Replies this instance is writing, by reply id.
  const runningHere = new Map<string, { conversationId: string; visitorId: string; abort: AbortController }>();
  const runsHere = (conversationId: string) => [...runningHere.values()].some((r) => r.conversationId === conversationId);

  // Followers on this instance waiting for the next entry of a conversation's stream.
  const waiting = new Map<string, Set<() => void>>();
  const wake = (conversationId: string) => {
    for (const resume of waiting.get(conversationId) ?? []) resume();
  };
  const nextEntries = (conversationId: string, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const set = waiting.get(conversationId) ?? new Set();
      waiting.set(conversationId, set);
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        set.delete(done);
        if (set.size === 0 && waiting.get(conversationId) === set) waiting.delete(conversationId);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      set.add(done);
      signal.addEventListener("abort", done);
    });

  const unsubscribe = deps.events.subscribe((event) => {
    if (event.type !== "reply.stop") return;
    const reply = runningHere.get(event.replyId);
    if (reply?.conversationId === event.conversationId && reply.visitorId === event.visitorId) reply.abort.abort();
  });

  /** Reads one reply's entries as they come, from its start, until its end. */
  async function* followReply(store: ReplyStreamStore, conversationId: string, replyId: string, signal: AbortSignal): AsyncGenerator<FollowedEntry> {
    let lastId: string | undefined;
    let failures = 0;
    let quietSince = now();
    while (!signal.aborted) {
      const read = await store.read(conversationId, lastId);
      if (!read) {
        // Redis is down or not answering: end the stream rather than hang.
        if (++failures >= READ_FAILURES) return;
      } else {
        failures = 0;
        if (read.length > 0) quietSince = now();
        for (const entry of parseAll(read)) {
          lastId = entry.id;
          if (entry.replyId !== replyId) {
            // A newer reply started the stream afresh: this one is no longer in it.
            if (entry.event.type === "start") return;
            continue;
          }
          yield entry;
          if (entry.event.type === "end") return;
        }
      }
      if (now() - quietSince > idleMs) return;
      await nextEntries(conversationId, signal);
    }
  }

  /** The reply in progress in a conversation: its id and where to read it, or undefined. */
  async function inProgress(conversationId: string) {
    const store = runsHere(conversationId) || !shared ? local : shared;
    const entries = parseAll((await store.read(conversationId)) ?? []);
    const replyId = entries[0]?.replyId;
    if (!replyId) return undefined;
    const ended = entries.some((e) => e.replyId === replyId && e.event.type === "end");
    return ended ? undefined : { store, replyId };
  }

  async function ownConversation(conversationId: string, visitorId: string) {
    const conversation = await deps.conversations.findConversationForVisitor(conversationId, visitorId);
    if (!conversation) throw notFound("conversation");
  }

  /** Stores what a reply whose writer died had streamed, and ends its stream. */
  async function recover(reply: RunningReply) {
    const store = shared ?? local;
    const entries = parseAll((await store.read(reply.conversationId)) ?? []).filter((e) => e.replyId === reply.replyId);
    const start = entries.find((e) => e.event.type === "start");
    if (!start || start.event.type !== "start" || entries.some((e) => e.event.type === "end")) return;
    let content = "";
    const toolCalls = new Map<string, { toolName: string; orderNumber: string; found: boolean | null }>();
    let sources: Extract<ReplyEvent, { type: "sources" }>["sources"] = [];
    for (const { event } of entries) {
      if (event.type === "text") content += event.delta;
      else if (event.type === "tool-call") toolCalls.set(event.toolCallId, { toolName: event.toolName, orderNumber: event.orderNumber, found: null });
      else if (event.type === "tool-result") {
        const call = toolCalls.get(event.toolCallId);
        if (call) call.found = event.found;
      } else if (event.type === "sources") sources = event.sources;
    }
    const done = await deps.chat.storeInterruptedReply({
      conversationId: reply.conversationId,
      visitorId: start.event.visitorId,
      replyId: reply.replyId,
      content,
      toolCalls: [...toolCalls.values()],
      sources,
    });
    const end: ReplyStreamEntry = { id: nextId(entries.at(-1)!.id), replyId: reply.replyId, data: JSON.stringify(endOf(done)) };
    await store.append(reply.conversationId, end);
    wake(reply.conversationId);
    logger.warn({ conversationId: reply.conversationId, replyId: reply.replyId, stored: done.stored }, "reply recovered from an instance that stopped renewing it");
  }

  let sweeping = false;
  async function sweep() {
    if (sweeping) return;
    sweeping = true;
    try {
      for (const reply of await leases.claimExpired(now())) {
        await recover(reply).catch((error: unknown) =>
          logger.error({ err: error instanceof Error ? error.message : String(error), replyId: reply.replyId }, "could not recover a reply"),
        );
      }
    } finally {
      sweeping = false;
    }
  }
  const sweeper = setInterval(() => void sweep(), deps.sweepMs);
  sweeper.unref();

  return {
    /**
     * Starts the reply to a turn, detached from whoever asked: it runs to its end (or a stop) and
     * is stored whatever happens to the request. `done` is the chat service's last event.
     */
    async start(turn: ChatTurn, mode: "stream" | "whole") {
      const { conversationId, replyId, visitorId } = turn;
      const reply = { conversationId, replyId };
      const abort = new AbortController();
      const epoch = now();
      let seq = 0;
      let lost = false;
      const entryOf = (event: ReplyStreamEvent): ReplyStreamEntry => ({ id: `${epoch}-${seq++}`, replyId, data: JSON.stringify(event) });
      // Not awaited: each store keeps the order of its writes (one Redis connection, in sequence).
      const write = (event: ReplyStreamEvent, everywhere = true) => {
        const entry = entryOf(event);
        void local.append(conversationId, entry);
        if (shared && everywhere) void shared.append(conversationId, entry);
        wake(conversationId);
      };

      const first = entryOf({ type: "start", visitorId });
      // The lease lives in one store: the one every instance sweeps.
      // Known here before the stores are written, so a stop that arrives meanwhile is not dropped.
      runningHere.set(replyId, { conversationId, visitorId, abort });
      await Promise.all([local, shared].map((store) => store?.begin(conversationId, first, store === leases ? now() + deps.leaseMs : undefined)));
      // Set once the lease is given back: a heartbeat after that must not take it again.
      let released = false;
      const heartbeat = setInterval(() => {
        if (released) return;
        void leases.renewLease(reply, now() + deps.leaseMs).then((held) => {
          // Another instance took it for dead and stored it: stop, and store nothing.
          if (held === false && !lost) {
            lost = true;
            abort.abort();
          }
        });
      }, Math.max(50, Math.floor(deps.leaseMs / 3)));

      const done = (async (): Promise<Done> => {
        let last: Done | undefined;
        try {
          // Whoever removes the lease stores the reply: this instance, unless it was taken for dead.
          const mayStore = async () => {
            if (lost) return false;
            released = true;
            clearInterval(heartbeat);
            return (await leases.releaseLease(reply)) !== false;
          };
          for await (const event of deps.chat.streamReply(turn, abort.signal, mode, { mayStore })) {
            if (event.type === "done") last = event;
            else write(event, !lost);
          }
        } catch (error) {
          logger.error({ err: error instanceof Error ? error.message : String(error), conversationId, replyId }, "reply failed");
          released = true;
          clearInterval(heartbeat);
          void leases.releaseLease(reply);
          write({ type: "end", status: "stopped", createdAt: new Date(now()).toISOString(), stored: false, conversationStatus: turn.status }, !lost);
          throw error;
        } finally {
          clearInterval(heartbeat);
          runningHere.delete(replyId);
        }
        // When taken for dead, the instance that stored it has ended the shared stream already.
        write(endOf(last!), !lost);
        return last!;
      })();
      deps.registry.track(abort, done);
      return { replyId, done, follow: (signal: AbortSignal) => followReply(local, conversationId, replyId, signal) };
    },

    /** The reply in progress in the visitor's conversation, to follow from its start; undefined when none. */
    async follow(conversationId: string, visitorId: string, signal: AbortSignal) {
      await ownConversation(conversationId, visitorId);
      const found = await inProgress(conversationId);
      if (!found) return undefined;
      return { replyId: found.replyId, entries: followReply(found.store, conversationId, found.replyId, signal) };
    },

    /** Asks the instance writing the visitor's reply (any of them) to stop it; the reply id, or undefined when none runs. */
    async stop(conversationId: string, visitorId: string): Promise<string | undefined> {
      await ownConversation(conversationId, visitorId);
      const found = await inProgress(conversationId);
      if (!found) return undefined;
      deps.events.publish({ type: "reply.stop", conversationId, visitorId, replyId: found.replyId });
      return found.replyId;
    },

    /** One sweep for dead replies now (the timer does it every `sweepMs`). */
    sweep,

    close() {
      clearInterval(sweeper);
      unsubscribe();
    },
  };
}

export type ReplyStreamService = ReturnType<typeof createReplyStreamService>;
