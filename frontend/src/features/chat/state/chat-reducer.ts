import type { Feedback, Message, ReplyStatus } from "@harbor/contracts";

import type { ChatEntry, ChatFailure, ConversationStreamData, ReplySnapshot } from "./chat-types";

export interface ChatState {
  conversationId: string | null;
  entries: ChatEntry[];
  history: "idle" | "loading" | "loaded" | "not-found" | "error";
  historyFailure: ChatFailure | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** The local id of the message being sent; while set, the composer shows Stop. */
  activeSend: string | null;
  /** The last finished reply, for the screen-reader live region. */
  announcement: string;
}

export type ChatAction =
  | { type: "history/requested" }
  | { type: "history/loaded"; messages: Message[]; hasMore: boolean }
  | { type: "history/failed"; failure: ChatFailure; notFound: boolean }
  | { type: "older/requested" }
  | { type: "older/loaded"; messages: Message[]; hasMore: boolean }
  | { type: "older/failed" }
  | { type: "send/started"; localId: string; content: string; at: string }
  | { type: "send/retried"; localId: string }
  | { type: "send/acknowledged"; localId: string; data: ConversationStreamData }
  | { type: "reply/progress"; snapshot: ReplySnapshot }
  | { type: "reply/finished"; localId: string; snapshot: ReplySnapshot; status: ReplyStatus }
  | { type: "send/failed"; localId: string; failure: ChatFailure }
  | { type: "feedback/changed"; messageId: string; feedback: Feedback | null };

export function initialChatState(conversationId: string | null): ChatState {
  return {
    conversationId,
    entries: [],
    history: conversationId ? "loading" : "loaded",
    historyFailure: null,
    hasOlder: false,
    loadingOlder: false,
    activeSend: null,
    announcement: "",
  };
}

export function entryFromMessage(message: Message): ChatEntry {
  return {
    key: message.id,
    id: message.id,
    role: message.role,
    content: message.content,
    createdAt: message.createdAt,
    status: message.status,
    sources: message.sources,
    feedback: message.feedback,
    delivery: "sent",
    streaming: false,
    tool: null,
    failure: null,
  };
}

function updateEntry(entries: ChatEntry[], key: string, change: (entry: ChatEntry) => ChatEntry): ChatEntry[] {
  return entries.map((entry) => (entry.key === key ? change(entry) : entry));
}

/** Messages we already show (e.g. a reply that just streamed) are not added twice. */
function withoutKnown(entries: ChatEntry[], messages: Message[]): Message[] {
  const known = new Set(entries.map((entry) => entry.id));
  return messages.filter((message) => !known.has(message.id));
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "history/requested":
      return { ...state, history: "loading", historyFailure: null };
    case "history/loaded":
      return {
        ...state,
        history: "loaded",
        hasOlder: action.hasMore,
        // Keep anything sent while the history was loading after the stored messages.
        entries: [...withoutKnown(state.entries, action.messages).map(entryFromMessage), ...state.entries],
      };
    case "history/failed":
      return { ...state, history: action.notFound ? "not-found" : "error", historyFailure: action.failure };
    case "older/requested":
      return { ...state, loadingOlder: true };
    case "older/loaded":
      return {
        ...state,
        loadingOlder: false,
        hasOlder: action.hasMore,
        entries: [...withoutKnown(state.entries, action.messages).map(entryFromMessage), ...state.entries],
      };
    case "older/failed":
      return { ...state, loadingOlder: false };
    case "send/started":
      return {
        ...state,
        activeSend: action.localId,
        entries: [
          ...state.entries,
          {
            key: action.localId,
            id: null,
            role: "user",
            content: action.content,
            createdAt: action.at,
            status: "complete",
            sources: [],
            feedback: null,
            delivery: "sending",
            streaming: false,
            tool: null,
            failure: null,
          },
        ],
      };
    case "send/retried": {
      const entry = state.entries.find((candidate) => candidate.key === action.localId);
      if (!entry) return state;
      // A retried message moves to the end: that is where its reply will appear.
      return {
        ...state,
        activeSend: action.localId,
        entries: [
          ...state.entries.filter((candidate) => candidate.key !== action.localId),
          { ...entry, delivery: "sending", failure: null },
        ],
      };
    }
    case "send/acknowledged": {
      const { data } = action;
      const entries = updateEntry(state.entries, action.localId, (entry) => ({
        ...entry,
        id: data.userMessage.id,
        createdAt: data.userMessage.createdAt,
        delivery: "sent",
      }));
      return {
        ...state,
        conversationId: data.conversationId,
        entries: [
          ...entries,
          {
            key: data.replyId,
            id: data.replyId,
            role: "assistant",
            content: "",
            createdAt: new Date().toISOString(),
            status: "complete",
            sources: [],
            feedback: null,
            delivery: "sent",
            streaming: true,
            tool: null,
            failure: null,
          },
        ],
      };
    }
    case "reply/progress": {
      const { snapshot } = action;
      return {
        ...state,
        entries: updateEntry(state.entries, snapshot.replyId, (entry) => ({
          ...entry,
          content: snapshot.content,
          sources: snapshot.sources,
          tool: snapshot.tool,
        })),
      };
    }
    case "reply/finished": {
      const { snapshot } = action;
      return {
        ...state,
        activeSend: state.activeSend === action.localId ? null : state.activeSend,
        announcement: snapshot.content ? `Agent replied: ${snapshot.content}` : state.announcement,
        entries: updateEntry(state.entries, snapshot.replyId, (entry) => ({
          ...entry,
          content: snapshot.content,
          sources: snapshot.sources,
          tool: null,
          streaming: false,
          status: action.status,
        })),
      };
    }
    case "send/failed": {
      const entries: ChatEntry[] = [];
      for (const entry of state.entries) {
        if (entry.key === action.localId && entry.delivery === "sending") {
          entries.push({ ...entry, delivery: "failed", failure: action.failure });
        } else if (entry.streaming) {
          // A reply cut off by the failure keeps what it had, marked as stopped; an empty one goes.
          if (entry.content !== "") entries.push({ ...entry, streaming: false, tool: null, status: "stopped" });
        } else {
          entries.push(entry);
        }
      }
      return { ...state, activeSend: state.activeSend === action.localId ? null : state.activeSend, entries };
    }
    case "feedback/changed":
      return {
        ...state,
        entries: state.entries.map((entry) =>
          entry.id === action.messageId ? { ...entry, feedback: action.feedback } : entry,
        ),
      };
  }
}

