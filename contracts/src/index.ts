// The shapes of every request and response of the chat API. The backend parses with these schemas;
// the web app imports the types (and the limits), never backend code.
import { z } from "zod";

import {
  FEEDBACK_REASON_MAX_CHARS,
  MESSAGE_MAX_CHARS,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  TITLE_MAX_CHARS,
} from "./limits";

export * from "./limits";

const id = z.uuid({ message: "must be a valid id" });

/**
 * NUL and the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069): invisible, and
 * able to make a title or message read differently from what it says (CVE-2021-42574, "Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this must match
export const UNSAFE_TEXT_CHARS = /[\u0000\u202A-\u202E\u2066-\u2069]/g;

/**
 * At most `max` UTF-16 code units (see limits.ts). Not zod's .max(): zod 4 counts code points, so
 * an emoji-heavy text that the browser stops at 4,000 was measured as shorter by the API.
 */
const atMost = (max: number) => (text: string) => text.length <= max;

/**
 * Shopper-typed text: unsafe characters stripped, trimmed, then 1..max characters (UTF-16 code
 * units, see limits.ts), with messages that name the field.
 */
const trimmedText = (field: string, max: number) =>
  z
    .string({ message: `${field} must be a string` })
    .overwrite((text) => text.replace(UNSAFE_TEXT_CHARS, ""))
    .trim()
    .min(1, { message: `${field} must not be empty` })
    .refine(atMost(max), { message: `${field} must be at most ${max} characters` });

// ---- Messages ----------------------------------------------------------------------------------

export const SourceSchema = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string(),
});
export type Source = z.infer<typeof SourceSchema>;

export const FeedbackRatingSchema = z.enum(["up", "down"]);
export type FeedbackRating = z.infer<typeof FeedbackRatingSchema>;

export const FeedbackSchema = z.object({
  rating: FeedbackRatingSchema,
  reason: z.string().nullable(),
});
export type Feedback = z.infer<typeof FeedbackSchema>;

/** complete: a normal reply; stopped: cut short by the shopper or the model; fallback: the model failed. */
export const ReplyStatusSchema = z.enum(["complete", "stopped", "fallback"]);
export type ReplyStatus = z.infer<typeof ReplyStatusSchema>;

export const MessageSchema = z.object({
  id,
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  createdAt: z.string(),
  status: ReplyStatusSchema,
  sources: z.array(SourceSchema),
  feedback: FeedbackSchema.nullable(),
});
export type Message = z.infer<typeof MessageSchema>;

// ---- Chat --------------------------------------------------------------------------------------

export const ChatRequestSchema = z
  .object({
    message: trimmedText("message", MESSAGE_MAX_CHARS),
    conversationId: id.optional(),
  })
  .strict();
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const ChatResponseSchema = z.object({
  conversationId: id,
  userMessage: MessageSchema,
  reply: MessageSchema,
  visitorToken: z.string().optional(),
});
export type ChatResponse = z.infer<typeof ChatResponseSchema>;

/** The first part of every chat stream (a transient `data-conversation` part of the UI message stream). */
export const ConversationStreamDataSchema = z.object({
  conversationId: id,
  userMessage: MessageSchema,
  replyId: id,
  visitorToken: z.string().optional(),
});
export type ConversationStreamData = z.infer<typeof ConversationStreamDataSchema>;

/** A tool call as the browser sees it: its name and the order number only, never the order. */
export type OrderToolName = "lookup_order" | "check_return_eligibility";

// ---- Conversations -----------------------------------------------------------------------------

const limit = z.coerce
  .number({ message: "limit must be a number" })
  .int({ message: "limit must be a whole number" })
  .min(1, { message: "limit must be at least 1" })
  .max(PAGE_LIMIT_MAX, { message: `limit must be at most ${PAGE_LIMIT_MAX}` })
  .default(PAGE_LIMIT_DEFAULT);

export const ConversationListQuerySchema = z
  .object({ limit, cursor: z.string().max(200).optional() })
  .strict();
export type ConversationListQuery = z.infer<typeof ConversationListQuerySchema>;

export const ConversationSummarySchema = z.object({
  id,
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastMessage: z
    .object({ role: z.enum(["user", "assistant"]), content: z.string(), createdAt: z.string() })
    .nullable(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

export const ConversationListSchema = z.object({
  conversations: z.array(ConversationSummarySchema),
  nextCursor: z.string().nullable(),
});
export type ConversationList = z.infer<typeof ConversationListSchema>;

export const ConversationIdParamsSchema = z.object({ id });

export const MessagesQuerySchema = z.object({ limit, before: id.optional() }).strict();
export type MessagesQuery = z.infer<typeof MessagesQuerySchema>;

export const MessagesResponseSchema = z.object({
  conversationId: id,
  messages: z.array(MessageSchema),
  /** True when older messages exist before the first one returned (ask again with before=). */
  hasMore: z.boolean(),
});
export type MessagesResponse = z.infer<typeof MessagesResponseSchema>;

export const RenameConversationSchema = z
  .object({
    title: trimmedText("title", TITLE_MAX_CHARS),
  })
  .strict();
export type RenameConversation = z.infer<typeof RenameConversationSchema>;

export const FeedbackParamsSchema = z.object({ id, messageId: id });

export const FeedbackRequestSchema = z
  .object({
    rating: FeedbackRatingSchema,
    reason: z
      .string()
      .trim()
      .refine(atMost(FEEDBACK_REASON_MAX_CHARS), {
        message: `reason must be at most ${FEEDBACK_REASON_MAX_CHARS} characters`,
      })
      .optional(),
  })
  .strict();
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;

// ---- Help center -------------------------------------------------------------------------------

export const HelpArticleSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  category: z.string(),
});
export type HelpArticleSummary = z.infer<typeof HelpArticleSummarySchema>;

export const HelpArticleSchema = HelpArticleSummarySchema.extend({ body: z.string() });
export type HelpArticle = z.infer<typeof HelpArticleSchema>;

export const HelpArticleListSchema = z.object({ articles: z.array(HelpArticleSummarySchema) });
export type HelpArticleList = z.infer<typeof HelpArticleListSchema>;

// ---- Health and errors -------------------------------------------------------------------------

export const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  db: z.enum(["ok", "readonly", "down"]),
  redis: z.enum(["ok", "disabled", "down"]),
  llm: z.enum(["mistral", "offline"]),
});
export type Health = z.infer<typeof HealthSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
