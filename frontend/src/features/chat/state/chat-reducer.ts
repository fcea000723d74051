import type { ConversationStatus, Feedback, Message, ReplyStatus } from "@harbor/contracts";

import type { Announcement, ChatEntry, ChatFailure, ChatNotice, ConversationStreamData, ReplySnapshot } from "./chat-types";

/** The person holding the conversation, as the shopper sees them. */
export interface ChatAssignee {
  name: string;
}

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
  announcement: Announcement | null;
  /** Who answers: the agent (bot), nobody yet (waiting), a person (human), or nobody (resolved). */
  status: ConversationStatus;
  assignee: ChatAssignee | null;
  /** Counts the status changes seen; a re-read started before the latest one must not undo it. */
  statusSeq: number;
  /** `statusSeq` when the live channel's re-read of the messages started. */
  syncFrom: number;
}

export type ChatAction =
  | { type: "history/requested" }
  | {
      type: "history/loaded";
      messages: Message[];
      hasMore: boolean;
      status: ConversationStatus;
      assignee: ChatAssignee | null;
    }
  | { type: "history/failed"; failure: ChatFailure; notFound: boolean }
  | { type: "older/requested" }
  | { type: "older/loaded"; messages: Message[]; hasMore: boolean }
  | { type: "older/failed" }
  | { type: "send/started"; localId: string; content: string; at: string }
  | { type: "send/retried"; localId: string }
  | { type: "send/acknowledged"; localId: string; data: ConversationStreamData }
  /** A reply in progress was picked up (after a reload): it streams in as `localId`'s reply. */
  | { type: "resume/started"; localId: string; replyId: string }
  | { type: "reply/progress"; snapshot: ReplySnapshot }
  | { type: "reply/finished"; localId: string; snapshot: ReplySnapshot; status: ReplyStatus }
  | { type: "send/failed"; localId: string; failure: ChatFailure }
  /** Acknowledged, and no reply is coming: a person has the conversation. */
  | { type: "send/settled"; localId: string }
  /** The live channel (re)connected and reads the messages again. */
  | { type: "live/sync-started" }
  /** Messages read again after the live channel (re)connected: adds what was missed. */
  | { type: "live/synced"; messages: Message[]; status: ConversationStatus; assignee: ChatAssignee | null }
  | { type: "live/message"; message: Message }
  | { type: "live/status"; status: ConversationStatus; assignee: ChatAssignee | null }
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
    announcement: null,
    status: "bot",
    assignee: null,
    statusSeq: 0,
    syncFrom: 0,
  };
}

function streamingReply(replyId: string): ChatEntry {
  return {
    key: replyId,
    id: replyId,
    role: "assistant",
    content: "",
    createdAt: new Date().toISOString(),
    status: "complete",
    sources: [],
    feedback: null,
    author: null,
    notice: null,
    delivery: "sent",
    streaming: true,
    tool: null,
    failure: null,
  };
}

/**
 * Whether the conversation may have a reply in progress: the agent answers it and its last message
 * is the shopper's, stored, with nothing being sent from here.
 */
export function mayHaveReplyInProgress(state: ChatState): boolean {
  if (state.status !== "bot" || state.activeSend !== null || state.history !== "loaded") return false;
  const last = [...state.entries].reverse().find((entry) => entry.role !== "notice");
  return last?.role === "user" && last.id !== null && last.delivery === "sent";
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
    author: message.author ?? null,
    notice: null,
    delivery: "sent",
    streaming: false,
    tool: null,
    failure: null,
  };
}

function updateEntry(entries: ChatEntry[], key: string, change: (entry: ChatEntry) => ChatEntry): ChatEntry[] {
  return entries.map((entry) => (entry.key === key ? change(entry) : entry));
}

/**
 * Messages we already show (a reply that just streamed, one an event brought) are not added
 * twice; nor is the shopper's own message while it is still being sent (it gets its id then).
 */
function withoutKnown(entries: ChatEntry[], messages: Message[]): Message[] {
  const known = new Set(entries.map((entry) => entry.id));
  const sending = new Set(entries.filter((entry) => entry.delivery === "sending").map((entry) => entry.content));
  return messages.filter(
    (message) => !known.has(message.id) && !(message.role === "user" && sending.has(message.content)),
  );
}

function noticeEntry(notice: ChatNotice, at: string): ChatEntry {
  return {
    key: `notice-${notice.kind}-${at}`,
    id: null,
    role: "notice",
    content: "",
    createdAt: at,
    status: "complete",
    sources: [],
    feedback: null,
    author: null,
    notice,
    delivery: "sent",
    streaming: false,
    tool: null,
    failure: null,
  };
}

/** The line a live change of status adds to the log (none for the shopper's own handoff). */
function noticeFor(from: ConversationStatus, to: ConversationStatus, assignee: ChatAssignee | null, previous: ChatAssignee | null): ChatNotice | null {
  if (to === "human" && (from !== "human" || assignee?.name !== previous?.name)) {
    return { kind: "joined", name: assignee?.name ?? null };
  }
  if (to === "bot" && (from === "human" || from === "waiting")) return { kind: "assistant-back", name: null };
  if (to === "resolved" && from !== "resolved") return { kind: "resolved", name: previous?.name ?? null };
  return null;
}

function withStatus(state: ChatState, status: ConversationStatus, assignee: ChatAssignee | null): ChatState {
  const notice = noticeFor(state.status, status, assignee, state.assignee);
  const announcement: Announcement | null =
    notice?.kind === "joined"
      ? { kind: "joined", name: notice.name }
      : notice?.kind === "assistant-back"
        ? { kind: "assistant-back" }
        : notice?.kind === "resolved"
          ? { kind: "resolved" }
          : state.announcement;
  return {
    ...state,
    status,
    assignee,
    statusSeq: state.statusSeq + 1,
    announcement,
    entries: notice ? [...state.entries, noticeEntry(notice, new Date().toISOString())] : state.entries,
  };
}

/** An agent reply to announce, or a staff message (with the person's name). */
function announce(message: Message, fallback: Announcement | null): Announcement | null {
  if (message.role === "staff") return { kind: "staff-replied", name: message.author?.name ?? null, text: message.content };
  if (message.role === "assistant") return { kind: "agent-replied", text: message.content };
  return fallback;
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
        status: action.status,
        statusSeq: state.statusSeq + 1,
        assignee: action.assignee,
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
            author: null,
            notice: null,
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
      // An event may have brought the same message already: then this entry simply goes.
      const duplicate = state.entries.some((entry) => entry.id === data.userMessage.id && entry.key !== action.localId);
      const acknowledged = duplicate
        ? state.entries.filter((entry) => entry.key !== action.localId)
        : updateEntry(state.entries, action.localId, (entry) => ({
            ...entry,
            id: data.userMessage.id,
            createdAt: data.userMessage.createdAt,
            delivery: "sent",
          }));
      // The status only follows along here (a message reopens a resolved conversation, say); the
      // lines in the log come from the live events, which say who did what.
      const next: ChatState = {
        ...state,
        conversationId: data.conversationId,
        entries: acknowledged,
        status: data.status,
        statusSeq: state.statusSeq + 1,
        assignee: data.status === "human" ? state.assignee : null,
      };
      const { replyId } = data;
      if (!replyId || next.entries.some((entry) => entry.id === replyId)) return next;
      return { ...next, entries: [...next.entries, streamingReply(replyId)] };
    }
    case "resume/started": {
      // Stored meanwhile (a live event was quicker): it is shown already, nothing to follow.
      if (state.activeSend !== null || state.entries.some((entry) => entry.id === action.replyId)) return state;
      return { ...state, activeSend: action.localId, entries: [...state.entries, streamingReply(action.replyId)] };
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
        announcement: snapshot.content ? { kind: "agent-replied", text: snapshot.content } : state.announcement,
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
    case "send/settled":
      return { ...state, activeSend: state.activeSend === action.localId ? null : state.activeSend };
    case "live/sync-started":
      return { ...state, syncFrom: state.statusSeq };
    case "live/synced": {
      const added = withoutKnown(state.entries, action.messages).map(entryFromMessage);
      // A status change that arrived while the messages were read is newer than what they say.
      const synced = state.statusSeq === state.syncFrom ? withStatus(state, action.status, action.assignee) : state;
      return added.length ? { ...synced, entries: [...synced.entries, ...added] } : synced;
    }
    case "live/message": {
      const { message } = action;
      if (withoutKnown(state.entries, [message]).length === 0) return state;
      return {
        ...state,
        announcement: announce(message, state.announcement),
        entries: [...state.entries, entryFromMessage(message)],
      };
    }
    case "live/status":
      return withStatus(state, action.status, action.assignee);
    case "feedback/changed":
      return {
        ...state,
        entries: state.entries.map((entry) =>
          entry.id === action.messageId ? { ...entry, feedback: action.feedback } : entry,
        ),
      };
  }
}

