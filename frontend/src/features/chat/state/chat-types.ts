import type {
  ConversationStatus,
  ConversationStreamData,
  Feedback,
  Message,
  MessageAuthor,
  MessageRole,
  ReplyStatus,
  Source,
} from "@harbor/contracts";

/** The reply text the API streams when the model fails. */
export const FALLBACK_REPLY_TEXT = "I'm having trouble responding right now. Please try again later.";

export interface ChatFailure {
  /** The error code (the API's, or `network`, `stopped_early`...): what the shopper is told, in their language. */
  code: string;
  /** The English words, shown as they are to an English reader. */
  message: string;
  /** Seconds to wait before sending again (from Retry-After on a 429). */
  retryAfterSeconds: number | null;
  network: boolean;
}

export interface ToolActivity {
  toolName: string;
  orderNumber: string | null;
  done: boolean;
}

/**
 * A change of who answers, shown as a line in the log when it happens live: a person joined, the
 * assistant is back, the conversation was resolved. `name` is the staff member's, when known.
 */
export interface ChatNotice {
  kind: "joined" | "assistant-back" | "resolved";
  name: string | null;
}

/** What the screen-reader live region says next; worded in the page's language when rendered. */
export type Announcement =
  | { kind: "joined"; name: string | null }
  | { kind: "assistant-back" }
  | { kind: "resolved" }
  | { kind: "agent-replied"; text: string }
  | { kind: "staff-replied"; name: string | null; text: string };

/** One message as the log shows it: a stored one, one still on its way, or a notice. */
export interface ChatEntry {
  /** Stable React key: the local id of an optimistic message, else the server id. */
  key: string;
  /** Server id, once the API has stored the message. */
  id: string | null;
  role: MessageRole | "notice";
  content: string;
  /** The staff member who wrote it (role staff), else null. */
  author: MessageAuthor | null;
  /** Set on role "notice" only. */
  notice: ChatNotice | null;
  createdAt: string;
  status: ReplyStatus;
  sources: Source[];
  feedback: Feedback | null;
  /** Optimistic user messages are "sending" until the API acknowledges them. */
  delivery: "sent" | "sending" | "failed";
  streaming: boolean;
  tool: ToolActivity | null;
  failure: ChatFailure | null;
}

/** What the engine reads off a reply while it streams. */
export interface ReplySnapshot {
  replyId: string;
  content: string;
  sources: Source[];
  tool: ToolActivity | null;
}

export type { ConversationStatus, ConversationStreamData, Message };
