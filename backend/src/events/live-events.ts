// What services publish when a conversation changes. Every event carries its conversation and
// visitor, so each live channel can pick the ones its reader may see; the database stays the
// truth (an event says "look again").
import type { ConversationStatus, Message, StaffAssignee, StaffMessage } from "@harbor/contracts";

export type DomainEvent =
  | { type: "message.created"; conversationId: string; visitorId: string; message: StaffMessage }
  | {
      type: "conversation.updated";
      conversationId: string;
      visitorId: string;
      status: ConversationStatus;
      assignee: StaffAssignee | null;
      handoffReason: string | null;
    }
  | { type: "typing"; conversationId: string; visitorId: string; name: string }
  /** The shopper asked to stop a reply: the instance generating it stops it. Never sent to a screen. */
  | { type: "reply.stop"; conversationId: string; visitorId: string; replyId: string }
  /** An owner saved the store profile: every instance re-reads it. Never sent to a screen. */
  | { type: "store.updated"; revision: number }
  /** The knowledge articles or synonyms changed: every instance rebuilds its retrieval index. `stamp` names the change. */
  | { type: "knowledge.updated"; stamp: string }
  /** This instance may have missed events (its link to the others just came back): every open screen re-reads. */
  | { type: "resync" };

export type DomainEventListener = (event: DomainEvent) => void;

export interface EventBus {
  /** Delivers to every listener on every API instance. Never throws, never waits on Redis. */
  publish(event: DomainEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: DomainEventListener): () => void;
  close(): Promise<void>;
}

/** The in-process fan-out that both implementations deliver through. */
export class LocalListeners {
  private readonly listeners = new Set<DomainEventListener>();

  add(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  deliver(event: DomainEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken listener (a closed response) must not keep the event from the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}

/** One process: events reach the listeners of this instance only. */
export function createInProcessEventBus(): EventBus {
  const local = new LocalListeners();
  return {
    publish: (event) => local.deliver(event),
    subscribe: (listener) => local.add(listener),
    close: async () => {},
  };
}

/** What the shopper sees of a message: the public shape, no tool calls or review flags. */
export const toShopperMessage = (staffMessage: StaffMessage): Message => {
  // Built field by field: nothing meant for staff (tool calls, flags) can slip through.
  const { id, role, content, createdAt, status, sources, feedback, author } = staffMessage;
  return { id, role, content, createdAt, status, sources, feedback, author };
};
