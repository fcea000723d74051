import type { ConversationStreamData, Feedback, Message, ReplyStatus, Source } from "@harbor/contracts";

/** The reply text the API streams when the model fails. */
export const FALLBACK_REPLY_TEXT = "I'm having trouble responding right now. Please try again later.";

export interface ChatFailure {
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

/** One message as the log shows it: a stored one, or one still on its way. */
export interface ChatEntry {
  /** Stable React key: the local id of an optimistic message, else the server id. */
  key: string;
  /** Server id, once the API has stored the message. */
  id: string | null;
  role: "user" | "assistant";
  content: string;
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

export type { ConversationStreamData, Message };
