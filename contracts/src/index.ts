// The shapes of every request and response of the chat API. The backend parses with these schemas;
// the web app imports the types (and the limits), never backend code.
import { z } from "zod";

import {
  FEEDBACK_REASON_MAX_CHARS,
  HANDOFF_REASON_MAX_CHARS,
  IDENTITY_EMAIL_MAX_CHARS,
  IDENTITY_NAME_MAX_CHARS,
  IDENTITY_SIGNATURE_MAX_CHARS,
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

/** user: the shopper; assistant: the AI agent; staff: a person of the store's team. */
export const MessageRoleSchema = z.enum(["user", "assistant", "staff"]);
export type MessageRole = z.infer<typeof MessageRoleSchema>;

/** Who wrote a staff message (their display name); null on the shopper's and the agent's messages. */
export const MessageAuthorSchema = z.object({ name: z.string() });
export type MessageAuthor = z.infer<typeof MessageAuthorSchema>;

export const MessageSchema = z.object({
  id,
  role: MessageRoleSchema,
  content: z.string(),
  createdAt: z.string(),
  status: ReplyStatusSchema,
  sources: z.array(SourceSchema),
  feedback: FeedbackSchema.nullable(),
  author: MessageAuthorSchema.nullable(),
});
export type Message = z.infer<typeof MessageSchema>;

// ---- Conversation status and handoff ------------------------------------------------------------

/**
 * bot: the AI agent answers; waiting: handed to a person, nobody has taken it yet; human: a staff
 * member holds it (the agent is silent); resolved: closed, a new shopper message reopens it as bot.
 */
export const ConversationStatusSchema = z.enum(["bot", "waiting", "human", "resolved"]);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

/** Why the agent handed a conversation to a person (the handoff_to_human tool's reasons). */
export const HandoffReasonCodeSchema = z.enum([
  "customer_request",
  "missing_knowledge",
  "order_problem",
  "policy_exception",
  "frustrated",
]);
export type HandoffReasonCode = z.infer<typeof HandoffReasonCodeSchema>;

export const HandoffRequestSchema = z
  .object({
    reason: z
      .string({ message: "reason must be a string" })
      .trim()
      .max(HANDOFF_REASON_MAX_CHARS, { message: `reason must be at most ${HANDOFF_REASON_MAX_CHARS} characters` })
      .optional(),
  })
  .strict();
export type HandoffRequest = z.infer<typeof HandoffRequestSchema>;

export const HandoffResponseSchema = z.object({
  conversationId: id,
  status: ConversationStatusSchema,
});
export type HandoffResponse = z.infer<typeof HandoffResponseSchema>;

/** The staff member holding a conversation, as the shopper sees them: a name only. */
export const PublicAssigneeSchema = z.object({ name: z.string() });

// ---- Chat --------------------------------------------------------------------------------------

/**
 * The shopper as the store's own site signed them in (docs/decisions/017-verified-shoppers.md).
 * Only the shape is checked here: a wrong shape is a client bug (400). The fields are kept exactly
 * as sent, since the signature covers them; whether it is valid is the API's to decide, and an
 * invalid one is ignored, never refused.
 */
export const ShopperIdentitySchema = z
  .object({
    email: z
      .string({ message: "identity.email must be a string" })
      .min(1, { message: "identity.email must not be empty" })
      .refine(atMost(IDENTITY_EMAIL_MAX_CHARS), { message: `identity.email must be at most ${IDENTITY_EMAIL_MAX_CHARS} characters` }),
    name: z
      .string({ message: "identity.name must be a string" })
      .refine(atMost(IDENTITY_NAME_MAX_CHARS), { message: `identity.name must be at most ${IDENTITY_NAME_MAX_CHARS} characters` }),
    /** Unix time in seconds (an integer) after which the signature is no longer valid. */
    expiresAt: z
      .number({ message: "identity.expiresAt must be a number (Unix seconds)" })
      .int({ message: "identity.expiresAt must be whole seconds" })
      .min(0, { message: "identity.expiresAt must not be negative" })
      .max(Number.MAX_SAFE_INTEGER),
    /** HMAC-SHA256 in hex (64 characters). */
    signature: z
      .string({ message: "identity.signature must be a string" })
      .min(1, { message: "identity.signature must not be empty" })
      .refine(atMost(IDENTITY_SIGNATURE_MAX_CHARS), {
        message: `identity.signature must be at most ${IDENTITY_SIGNATURE_MAX_CHARS} characters`,
      }),
  })
  .strict();
export type ShopperIdentity = z.infer<typeof ShopperIdentitySchema>;

export const ChatRequestSchema = z
  .object({
    message: trimmedText("message", MESSAGE_MAX_CHARS),
    conversationId: id.optional(),
    /** A signed identity from the store's site; ignored unless its signature checks out. */
    identity: ShopperIdentitySchema.optional(),
  })
  .strict();
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const ChatResponseSchema = z.object({
  conversationId: id,
  userMessage: MessageSchema,
  /** null while a person has the conversation (waiting or human): the agent stays silent. */
  reply: MessageSchema.nullable(),
  status: ConversationStatusSchema,
  visitorToken: z.string().optional(),
});
export type ChatResponse = z.infer<typeof ChatResponseSchema>;

/** The first part of every chat stream (a transient `data-conversation` part of the UI message stream). */
export const ConversationStreamDataSchema = z.object({
  conversationId: id,
  userMessage: MessageSchema,
  /** null when the agent will not answer (a person has the conversation): the stream ends without text. */
  replyId: id.nullable(),
  status: ConversationStatusSchema,
  visitorToken: z.string().optional(),
});
export type ConversationStreamData = z.infer<typeof ConversationStreamDataSchema>;

/** The `messageMetadata` of a chat stream's `finish` part: how the reply ended, and whether it was stored. */
export const ReplyFinishMetadataSchema = z.object({
  status: ReplyStatusSchema,
  createdAt: z.string(),
  stored: z.boolean(),
});
export type ReplyFinishMetadata = z.infer<typeof ReplyFinishMetadataSchema>;

// ---- Replies in progress -----------------------------------------------------------------------
// GET /api/chat/:id/stream replays the reply being written (from its start, or after the
// `Last-Event-ID` header) and follows it to its end, on any API instance: the same UI message
// stream as POST /api/chat/stream, each event with an `id:`. 204 when no reply is in progress.

/** An SSE id the stream gave (`{epoch}-{seq}`), sent back as the `Last-Event-ID` header. */
export const ReplyStreamEventIdSchema = z.string().regex(/^\d{1,16}-\d{1,10}$/, { message: "must be an id the stream gave" });

/** POST /api/chat/:id/stop takes no body (an empty JSON object is accepted). */
export const StopReplyRequestSchema = z.object({}).strict();

/**
 * POST /api/chat/:id/stop: `202 {stopping: true, replyId}` when a reply was in progress (it ends
 * within half a second and is stored as `stopped`), `200 {stopping: false}` when none was.
 */
export const StopReplyResponseSchema = z.discriminatedUnion("stopping", [
  z.object({ stopping: z.literal(true), replyId: id }),
  z.object({ stopping: z.literal(false) }),
]);
export type StopReplyResponse = z.infer<typeof StopReplyResponseSchema>;

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

const LastMessageSchema = z
  .object({ role: MessageRoleSchema, content: z.string(), createdAt: z.string() })
  .nullable();

export const ConversationSummarySchema = z.object({
  id,
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: ConversationStatusSchema,
  lastMessage: LastMessageSchema,
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
  status: ConversationStatusSchema,
  /** The person holding the conversation (status human), else null. */
  assignee: PublicAssigneeSchema.nullable(),
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

// ---- Staff -------------------------------------------------------------------------------------

export const StaffRoleSchema = z.enum(["owner", "agent"]);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

export const StaffSchema = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role: StaffRoleSchema,
});
export type Staff = z.infer<typeof StaffSchema>;

export const StaffLoginRequestSchema = z
  .object({
    email: z.string({ message: "email must be a string" }).trim().min(1, { message: "email must not be empty" }).max(320),
    password: z.string({ message: "password must be a string" }).min(1, { message: "password must not be empty" }).max(1000),
  })
  .strict();
export type StaffLoginRequest = z.infer<typeof StaffLoginRequestSchema>;

export const StaffSessionResponseSchema = z.object({ staff: StaffSchema });
export type StaffSessionResponse = z.infer<typeof StaffSessionResponseSchema>;

export const StaffAssigneeSchema = z.object({ id, name: z.string() });
export type StaffAssignee = z.infer<typeof StaffAssigneeSchema>;

export const StaffInboxFilterSchema = z.enum(["waiting", "human", "bot", "resolved", "all"]);
export type StaffInboxFilter = z.infer<typeof StaffInboxFilterSchema>;

export const StaffConversationListQuerySchema = z
  .object({
    status: StaffInboxFilterSchema.default("all"),
    mine: z
      .enum(["true", "false"], { message: "mine must be true or false" })
      .transform((v) => v === "true")
      .optional(),
    limit,
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type StaffConversationListQuery = z.infer<typeof StaffConversationListQuerySchema>;

export const StaffConversationSummarySchema = z.object({
  id,
  title: z.string(),
  status: ConversationStatusSchema,
  assignee: StaffAssigneeSchema.nullable(),
  /** A handoff reason code or the shopper's own words; null when never handed off. */
  handoffReason: z.string().nullable(),
  /** When the conversation started waiting for a person (status waiting), else null. */
  waitingSince: z.string().nullable(),
  lastMessage: LastMessageSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StaffConversationSummary = z.infer<typeof StaffConversationSummarySchema>;

export const StaffConversationListSchema = z.object({
  conversations: z.array(StaffConversationSummarySchema),
  nextCursor: z.string().nullable(),
});
export type StaffConversationList = z.infer<typeof StaffConversationListSchema>;

/** A tool call the agent made, as staff see it: which order, and whether it was found. */
export const StaffToolCallSchema = z.object({
  toolName: z.string(),
  orderNumber: z.string(),
  found: z.boolean().nullable(),
});
export type StaffToolCall = z.infer<typeof StaffToolCallSchema>;

export const StaffMessageSchema = MessageSchema.extend({
  toolCalls: z.array(StaffToolCallSchema),
  /** Review marks on agent replies, e.g. "unsupported_promise". Never shown to the shopper. */
  flags: z.array(z.string()),
});
export type StaffMessage = z.infer<typeof StaffMessageSchema>;

export const TimelineActorSchema = z.enum(["shopper", "agent", "staff", "system"]);
export type TimelineActor = z.infer<typeof TimelineActorSchema>;

/** One status change of a conversation. */
export const TimelineEntrySchema = z.object({
  at: z.string(),
  actor: TimelineActorSchema,
  staff: StaffAssigneeSchema.nullable(),
  from: ConversationStatusSchema.nullable(),
  to: ConversationStatusSchema,
  reason: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const StaffConversationDetailSchema = z.object({
  conversation: StaffConversationSummarySchema,
  messages: z.array(StaffMessageSchema),
  timeline: z.array(TimelineEntrySchema),
});
export type StaffConversationDetail = z.infer<typeof StaffConversationDetailSchema>;

export const AssignRequestSchema = z
  .object({ force: z.boolean({ message: "force must be true or false" }).optional() })
  .strict();
export type AssignRequest = z.infer<typeof AssignRequestSchema>;

export const StaffMessageRequestSchema = z
  .object({ content: trimmedText("content", MESSAGE_MAX_CHARS) })
  .strict();
export type StaffMessageRequest = z.infer<typeof StaffMessageRequestSchema>;

// ---- Live events (Server-Sent Events: each `data:` line is one of these) ---------------------------
// An event says "look again": the database stays the truth, and a client that reconnects re-reads
// what it shows (the `ready` event, sent first on every connection, is its cue).

export type LiveEvent =
  | { type: "ready" }
  | { type: "message.created"; conversationId: string; message: Message }
  | {
      type: "conversation.updated";
      conversationId: string;
      status: ConversationStatus;
      assignee: { id?: string; name: string } | null;
      handoffReason?: string | null;
    }
  | { type: "typing"; conversationId: string; name: string };

// ---- The store ---------------------------------------------------------------------------------
// The store's profile is data (docs/decisions/019-store-profile-as-data.md): owners edit it in the
// console and everything that names the store reads it. The rules below are the API's and the
// console form's both; each message names what to fix, for the field it is shown beside.

export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
// The shape of an email address, no more: whether it receives mail is the store's to know.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// IANA names are Area/Location (or a bare name like UTC); offsets like "+01:00" are not zones.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** Whether `zone` is an IANA time zone this runtime knows (links like US/Eastern included). */
export function isTimeZone(zone: string): boolean {
  if (!ZONE_NAME.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A real calendar date: 2026-02-30 is not one. */
function isCalendarDate(text: string): boolean {
  if (!YYYY_MM_DD.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** One line of owner-typed text: no line breaks or invisible overrides (it goes into prompts and headers). */
const oneLine = (label: string, max: number) =>
  z
    .string({ message: `${label} must be text` })
    .overwrite((text) => text.replace(UNSAFE_TEXT_CHARS, "").replace(/[\r\n\t]+/g, " "))
    .trim()
    .min(1, { message: `Enter ${label.toLowerCase()}.` })
    .refine(atMost(max), { message: `${label} must be at most ${max} characters.` });

/** An absolute http(s) address. */
function isWebAddress(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Opening hours of one weekday (0 = Sunday), "HH:MM" in the store's time zone; closed days are absent. */
export const OpeningHoursSchema = z
  .object({
    weekday: z.number({ message: "weekday must be a number from 0 (Sunday) to 6" }).int().min(0).max(6),
    open: z.string().regex(HH_MM, { message: "Opening time must be HH:MM (24-hour), like 09:00." }),
    close: z.string().regex(HH_MM, { message: "Closing time must be HH:MM (24-hour), like 18:00." }),
  })
  .refine((h) => !HH_MM.test(h.open) || !HH_MM.test(h.close) || minutesOf(h.open) < minutesOf(h.close), {
    message: "Closing time must be after the opening time.",
    path: ["close"],
  });
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

/** What an owner edits in the console (PUT /api/staff/store-profile), and what the database keeps. */
export const StoreSettingsSchema = z
  .object({
    name: oneLine("The store's name", 80),
    /** One line the agent introduces the store with: "a small online store for home goods, ...". */
    about: oneLine("What the store is", 200),
    supportEmail: z
      .string({ message: "Support email must be text" })
      .trim()
      .max(254, { message: "Support email must be at most 254 characters." })
      .regex(EMAIL_SHAPE, { message: "Enter an email address like support@yourstore.com." }),
    timeZone: z
      .string({ message: "Time zone must be text" })
      .trim()
      .refine(isTimeZone, { message: "Enter an IANA time zone, like America/New_York or Europe/Madrid." }),
    hours: z
      .array(OpeningHoursSchema)
      .max(7)
      .superRefine((hours, ctx) => {
        const seen = new Set<number>();
        hours.forEach((h, index) => {
          if (seen.has(h.weekday)) {
            ctx.addIssue({ code: "custom", path: [index, "weekday"], message: `${WEEKDAY_NAMES[h.weekday] ?? "A day"} is listed twice.` });
          }
          seen.add(h.weekday);
        });
      }),
    /** YYYY-MM-DD in the store's time zone: closed all day. Kept sorted, each once. */
    holidays: z
      .array(z.string().trim().refine(isCalendarDate, { message: "Holidays must be dates as YYYY-MM-DD, like 2026-12-25." }))
      .max(200, { message: "At most 200 holidays." })
      .transform((days) => [...new Set(days)].sort()),
    /** How soon the team answers: "within 1 business day". */
    replyTime: oneLine("Usual reply time", 80),
    /** The chat's accent, "#rrggbb". */
    brandColor: z
      .string({ message: "Brand color must be text" })
      .trim()
      .regex(HEX_COLOR, { message: "Brand color must be a hex color like #1d5c47." })
      .transform((color) => color.toLowerCase()),
    /** Where a shopper starts a return: the order tools name it. */
    returnsUrl: z
      .string({ message: "Returns page must be text" })
      .trim()
      .max(500, { message: "Returns page must be at most 500 characters." })
      .refine(isWebAddress, {
        message: "Enter the full address of the returns page, starting with https://.",
      }),
  })
  .strict();
export type StoreSettings = z.infer<typeof StoreSettingsSchema>;
export type StoreSettingsInput = z.input<typeof StoreSettingsSchema>;

/** GET and PUT /api/staff/store-profile: the editable profile and who saved it last. */
export const StoreSettingsResponseSchema = z.object({
  profile: StoreSettingsSchema,
  /** null while the profile is the seed nobody has saved yet. */
  updatedAt: z.string().nullable(),
  updatedBy: z.object({ name: z.string() }).nullable(),
});
export type StoreSettingsResponse = z.infer<typeof StoreSettingsResponseSchema>;

/** GET /api/store: the store's public profile, and whether its team is there right now. */
export const StoreProfileSchema = z.object({
  name: z.string(),
  supportEmail: z.string(),
  timeZone: z.string(),
  hours: z.array(OpeningHoursSchema),
  /** The hours in words, written from `hours` and the time zone: "Monday to Friday 9:00-18:00, ...". */
  hoursText: z.string(),
  /** e.g. "within 1 business day". */
  replyTime: z.string(),
  /** The chat's accent, "#rrggbb". */
  brandColor: z.string(),
  /** Whether the team is working now, and when it is next back (ISO) when it is not. */
  openNow: z.boolean(),
  nextOpenAt: z.string().nullable(),
});
export type StoreProfile = z.infer<typeof StoreProfileSchema>;

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

const DatabaseStatusSchema = z.enum(["ok", "readonly", "down"]);

export const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  /** The database's status (kept beside `database` for existing clients). */
  db: DatabaseStatusSchema,
  database: z.object({ status: DatabaseStatusSchema, dialect: z.enum(["sqlite", "postgres"]) }),
  redis: z.enum(["ok", "disabled", "down"]),
  llm: z.enum(["mistral", "offline"]),
});
export type Health = z.infer<typeof HealthSchema>;

/** One field a request got wrong: its path ("hours.2.close") and what to fix. */
export const FieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    /** Every field a validated form got wrong (the store profile's, for now); absent elsewhere. */
    fields: z.array(FieldErrorSchema).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---- knowledge editor ----
// Owners edit the knowledge articles and the store-wide synonyms in the console; staff may read
// them and try questions against them (docs/decisions/020-knowledge-in-the-database.md).

export const KNOWLEDGE_SLUG_MAX_CHARS = 80;
export const KNOWLEDGE_TITLE_MAX_CHARS = 120;
export const KNOWLEDGE_CATEGORY_MAX_CHARS = 40;
export const KNOWLEDGE_SUMMARY_MAX_CHARS = 300;
/** Leaves room in the 32 KB request body for the rest of the article. */
export const KNOWLEDGE_BODY_MAX_CHARS = 12000;
export const KNOWLEDGE_QUESTION_MAX_CHARS = 200;
export const KNOWLEDGE_QUESTIONS_MAX = 30;
export const KNOWLEDGE_SYNONYMS_MAX = 1000;
/** Lower-case words and digits joined by single hyphens: the article's address in the help center. */
export const KNOWLEDGE_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const KnowledgeArticleStatusSchema = z.enum(["draft", "published"]);
export type KnowledgeArticleStatus = z.infer<typeof KnowledgeArticleStatusSchema>;

const knowledgeSlug = z
  .string({ message: "slug must be a string" })
  .trim()
  .min(1, { message: "slug must not be empty" })
  .max(KNOWLEDGE_SLUG_MAX_CHARS, { message: `slug must be at most ${KNOWLEDGE_SLUG_MAX_CHARS} characters` })
  .regex(KNOWLEDGE_SLUG_PATTERN, { message: "slug may hold only lower-case letters, digits and single hyphens (like return-policy)" });

const optionalText = (field: string, max: number) =>
  z
    .string({ message: `${field} must be a string` })
    .overwrite((text) => text.replace(UNSAFE_TEXT_CHARS, ""))
    .trim()
    .refine(atMost(max), { message: `${field} must be at most ${max} characters` });

/** What an owner writes: everything of an article but its status and history. */
export const KnowledgeArticleInputSchema = z
  .object({
    slug: knowledgeSlug,
    title: trimmedText("title", KNOWLEDGE_TITLE_MAX_CHARS),
    category: optionalText("category", KNOWLEDGE_CATEGORY_MAX_CHARS).default("General").transform((c) => c || "General"),
    summary: optionalText("summary", KNOWLEDGE_SUMMARY_MAX_CHARS).default(""),
    body: trimmedText("body", KNOWLEDGE_BODY_MAX_CHARS),
    /** Alternative phrasings of the questions the article answers: retrieval reads them like the title. */
    questions: z
      .array(trimmedText("each alternative phrasing", KNOWLEDGE_QUESTION_MAX_CHARS))
      .max(KNOWLEDGE_QUESTIONS_MAX, { message: `at most ${KNOWLEDGE_QUESTIONS_MAX} alternative phrasings` })
      .default([]),
  })
  .strict();
export type KnowledgeArticleInput = z.input<typeof KnowledgeArticleInputSchema>;

export const KnowledgeArticleCreateSchema = KnowledgeArticleInputSchema.extend({
  status: KnowledgeArticleStatusSchema.default("draft"),
}).strict();

/** A save names the revision it edited (optional): a newer one saved meanwhile is a 409. */
export const KnowledgeArticleUpdateSchema = KnowledgeArticleInputSchema.extend({
  revision: z.number().int().positive().optional(),
}).strict();

export const KnowledgeArticleSchema = z.object({
  id,
  slug: z.string(),
  title: z.string(),
  category: z.string(),
  summary: z.string(),
  body: z.string(),
  questions: z.array(z.string()),
  status: KnowledgeArticleStatusSchema,
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type KnowledgeArticle = z.infer<typeof KnowledgeArticleSchema>;

export const KnowledgeArticleSummarySchema = KnowledgeArticleSchema.pick({
  id: true,
  slug: true,
  title: true,
  category: true,
  status: true,
  revision: true,
  updatedAt: true,
});
export type KnowledgeArticleSummary = z.infer<typeof KnowledgeArticleSummarySchema>;

export const KnowledgeArticleListSchema = z.object({ articles: z.array(KnowledgeArticleSummarySchema) });
export type KnowledgeArticleList = z.infer<typeof KnowledgeArticleListSchema>;

export const KnowledgeArticleIdParamsSchema = z.object({ id });

export const KnowledgeRevisionActionSchema = z.enum(["seeded", "created", "saved", "published", "unpublished", "reverted", "deleted"]);
export const KnowledgeRevisionSchema = z.object({
  revision: z.number().int(),
  action: KnowledgeRevisionActionSchema,
  slug: z.string(),
  title: z.string(),
  category: z.string(),
  summary: z.string(),
  body: z.string(),
  questions: z.array(z.string()),
  status: KnowledgeArticleStatusSchema,
  /** Who saved it; null for the seed. */
  author: z.object({ name: z.string() }).nullable(),
  at: z.string(),
});
export type KnowledgeRevision = z.infer<typeof KnowledgeRevisionSchema>;

/** Newest first. */
export const KnowledgeHistorySchema = z.object({ articleId: id, revisions: z.array(KnowledgeRevisionSchema) });
export type KnowledgeHistory = z.infer<typeof KnowledgeHistorySchema>;

export const KnowledgeRevertRequestSchema = z.object({ revision: z.number().int().positive() }).strict();

export const KnowledgeSynonymSchema = z
  .object({
    /** A word (its forms match too) or, for `phrase`, one or more words matched exactly. */
    term: z
      .string()
      .trim()
      .toLowerCase()
      .transform((t) => t.replace(/\s+/g, " "))
      .pipe(z.string().min(1, { message: "term must not be empty" }).max(60).regex(/^[\p{L}\p{N}]+( [\p{L}\p{N}]+)*$/u, { message: "term may hold only letters, digits and single spaces" })),
    /** The one term it stands for, as the articles say it ("refund", "usa"). */
    means: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.string().min(1, { message: "means must not be empty" }).max(40).regex(/^[a-z0-9]+$/, { message: "means must be one word of lower-case letters or digits" })),
    match: z.enum(["word", "phrase"]).default("word"),
  })
  .strict();
export type KnowledgeSynonym = z.output<typeof KnowledgeSynonymSchema>;

export const KnowledgeSynonymListSchema = z
  .object({
    synonyms: z.array(KnowledgeSynonymSchema).max(KNOWLEDGE_SYNONYMS_MAX, { message: `at most ${KNOWLEDGE_SYNONYMS_MAX} synonyms` }),
  })
  .strict();
export type KnowledgeSynonymList = z.output<typeof KnowledgeSynonymListSchema>;

/** "Try it": a shopper's question, optionally against an unsaved version of one article. */
export const KnowledgeTryRequestSchema = z
  .object({
    question: trimmedText("question", MESSAGE_MAX_CHARS),
    draft: KnowledgeArticleInputSchema.extend({ id: id.optional() }).strict().optional(),
  })
  .strict();
export type KnowledgeTryRequest = z.input<typeof KnowledgeTryRequestSchema>;

export const KnowledgeTryResultSchema = z.object({
  slug: z.string(),
  title: z.string(),
  score: z.number(),
  /** Strong enough to answer from and to be cited as a source. */
  confident: z.boolean(),
  /** The unsaved version of the draft under test. */
  draft: z.boolean(),
  /** The start of the article's text the model is given. */
  passage: z.string(),
});
export type KnowledgeTryResult = z.infer<typeof KnowledgeTryResultSchema>;

export const KnowledgeTryResponseSchema = z.object({
  question: z.string(),
  /** The question as retrieval reads it (translated, typos corrected). */
  understood: z.string(),
  results: z.array(KnowledgeTryResultSchema),
  answer: z.object({
    text: z.string(),
    responder: z.enum(["mistral", "offline"]),
    /** The agent would hand the conversation to a person. */
    handedOff: z.boolean(),
    sources: z.array(SourceSchema),
  }),
});
export type KnowledgeTryResponse = z.infer<typeof KnowledgeTryResponseSchema>;
// ---- insights ----------------------------------------------------------------------------------
// The store owner's insights: GET /api/staff/insights?from=&to= (dates in the store's time zone),
// each chart's drill-down list at GET /api/staff/insights/drilldown?metric=&from=&to= (and as CSV
// with &format=csv). See docs/decisions/021-insights.md for every definition.

export const INSIGHTS_MAX_DAYS = 366;

// Error messages read after the field's name ("from: must be a date as YYYY-MM-DD").
const calendarDate = z
  .string({ message: "is required, as YYYY-MM-DD" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date as YYYY-MM-DD" })
  .refine(
    (value) => {
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
    },
    { message: "is not a calendar date" },
  );

/** Days from `from` to `to`, both included. */
export const insightsRangeDays = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export const InsightsRangeSchema = z
  .object({ from: calendarDate, to: calendarDate })
  .refine((r) => r.from <= r.to, { message: "must not be after to", path: ["from"] })
  .refine((r) => insightsRangeDays(r.from, r.to) <= INSIGHTS_MAX_DAYS, {
    message: `must be at most ${INSIGHTS_MAX_DAYS} days after from (both included)`,
    path: ["to"],
  });
export type InsightsRange = z.infer<typeof InsightsRangeSchema>;

/** Every chart's drill-down list, by name. */
export const InsightsMetricSchema = z.enum(
  [
    "conversations",
    "messages",
    "resolution",
    "handoffs",
    "reopens",
    "feedback",
    "first-response",
    "busiest-hours",
    "articles",
    "knowledge-gaps",
    "model-use",
    "promises",
  ],
  { message: "metric must be one of conversations, messages, resolution, handoffs, reopens, feedback, first-response, busiest-hours, articles, knowledge-gaps, model-use, promises" },
);
export type InsightsMetric = z.infer<typeof InsightsMetricSchema>;

/** Beside the range (InsightsRangeSchema). */
export const InsightsDrilldownQuerySchema = z.object({
  metric: InsightsMetricSchema,
  format: z.enum(["json", "csv"], { message: "format must be json or csv" }).default("json"),
});

const percentiles = z.object({ count: z.number(), p50: z.number().nullable(), p90: z.number().nullable(), p95: z.number().nullable() });
export type InsightsPercentiles = z.infer<typeof percentiles>;

export const InsightsSchema = z.object({
  range: z.object({ from: z.string(), to: z.string(), timeZone: z.string(), days: z.number() }),
  volume: z.object({
    conversations: z.number(),
    messages: z.number(),
    days: z.array(
      z.object({ date: z.string(), conversations: z.number(), shopper: z.number(), assistant: z.number(), staff: z.number() }),
    ),
  }),
  resolution: z.object({
    /** Conversations with an agent reply whose 24 hours after the last reply are over. */
    eligible: z.number(),
    resolvedByAssistant: z.number(),
    rate: z.number().nullable(),
    /** With an agent reply less than 24 hours old: not counted yet. */
    pending: z.number(),
  }),
  handoffs: z.object({
    conversations: z.number(),
    handedOff: z.number(),
    rate: z.number().nullable(),
    byReason: z.array(z.object({ reason: z.string(), conversations: z.number() })),
  }),
  reopens: z.object({ resolved: z.number(), reopened: z.number(), rate: z.number().nullable() }),
  feedback: z.object({
    up: z.number(),
    down: z.number(),
    reasons: z.array(z.object({ rating: FeedbackRatingSchema, reason: z.string(), count: z.number() })),
  }),
  firstResponse: z.object({ assistant: percentiles, staff: percentiles }),
  busiestHours: z.object({
    total: z.number(),
    /** weekday 0 = Sunday; hour 0-23; in the store's time zone. Only cells with messages. */
    cells: z.array(z.object({ weekday: z.number(), hour: z.number(), messages: z.number() })),
  }),
  articles: z.object({
    citations: z.number(),
    top: z.array(z.object({ id: z.string(), title: z.string(), citations: z.number() })),
  }),
  knowledgeGaps: z.object({
    questions: z.number(),
    groups: z.array(
      z.object({
        question: z.string(),
        count: z.number(),
        weakRetrieval: z.number(),
        thumbsDown: z.number(),
        missingKnowledge: z.number(),
        examples: z.array(z.string()),
        writeArticleUrl: z.string(),
      }),
    ),
  }),
  modelUse: z.object({
    replies: z.number(),
    cacheHits: z.number(),
    cacheHitRate: z.number().nullable(),
    latencyMs: percentiles,
    timeToFirstTokenMs: percentiles,
    tokensIn: z.number(),
    tokensOut: z.number(),
    estimatedCostUsd: z.number(),
    prices: z.object({ inputPerMillion: z.number(), outputPerMillion: z.number() }),
    byModel: z.array(z.object({ model: z.string(), replies: z.number(), tokensIn: z.number(), tokensOut: z.number() })),
  }),
  promises: z.object({ replies: z.number(), flagged: z.number(), rate: z.number().nullable() }),
});
export type Insights = z.infer<typeof InsightsSchema>;

export const InsightsDrilldownSchema = z.object({
  metric: InsightsMetricSchema,
  /** Equals the chart's own total. */
  total: z.number(),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
});
export type InsightsDrilldown = z.infer<typeof InsightsDrilldownSchema>;
