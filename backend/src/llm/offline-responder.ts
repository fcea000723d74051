// A scripted model for running without MISTRAL_API_KEY. It speaks the AI SDK's LanguageModelV3
// protocol, so the chat service drives it through the same streamText/generateText calls and the
// same tools as Mistral: it asks for missing order details, calls the order tools, answers from
// their results, and otherwise answers from the knowledge base or hands over to support.
import { randomUUID } from "node:crypto";
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";

/** The tool names it calls; they mirror TOOL_NAMES in services/order-tools.ts (a test keeps them equal). */
export const OFFLINE_TOOL_NAMES = {
  lookupOrder: "lookup_order",
  checkReturnEligibility: "check_return_eligibility",
} as const;
/** The handoff tool the chat service offers once human handoff is on; without it, the support email. */
export const OFFLINE_HANDOFF_TOOL = "handoff_to_human";

/** The store facts its words name: from the store profile, never written here. */
export interface OfflineStore {
  name: string;
  supportEmail: string;
  replyTime: string;
}

/**
 * What it reads the store's knowledge through. Retrieval is a service (services/knowledge-index.ts,
 * `offlineKnowledge`): this adapter only asks it questions.
 */
export interface OfflineKnowledge {
  /** "I answer in English", in the language the text is in; undefined for English. */
  languageNote(text: string): string | undefined;
  /** The text as retrieval reads it: translated to English and with its typos corrected. */
  understand(text: string): string;
  /** The best article for the conversation, and whether retrieval is confident enough to answer from it. */
  bestFor(conversation: ConversationMessage[]): { title: string; body: string; score: number; confident: boolean } | undefined;
  /** The article with the human support contact and hours. */
  contact(): { body: string } | undefined;
}

export interface OfflineResponderOptions {
  knowledge: OfflineKnowledge;
  /** The store's facts as they are now: an owner may change them while the app runs. */
  store: () => OfflineStore;
  /** Pause between streamed chunks, so the UI streams visibly like a real model. Default 0. */
  chunkDelayMs?: number;
}

// Sources only: each use builds its own RegExp, so no `lastIndex` state leaks between calls.
const ORDER_NUMBER = String.raw`\bHP[-\s]?(\d{5})\b`;
const EMAIL = String.raw`[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}`;
const all = (source: string) => new RegExp(source, "gi");
const has = (source: string, text: string) => new RegExp(source, "i").test(text);
// A question about one specific order, as opposed to a policy question ("can I cancel an order?").
const ORDER_STATUS =
  /\b(where('?s| is| are)\s+(my|the)\s+(order|package|parcel|stuff|delivery|shipment|items?)|track(ing)?\b(?! emails?)|(my|the) (order|package|parcel|shipment|delivery)('?s)? (status|number)|status of (my|the) order|has my (order|package|parcel) (shipped|arrived|been)|when (will|does) my (order|package|parcel)|look ?up (my|an|the) order|check (on )?my (order|package|parcel))/i;
const RETURN_WORDS = /\b(return(ing|ed)?|send (it |them |this |these )?back|refund(ed)?|exchange)\b/i;
// Where a refund is, as opposed to asking for one: the order's record answers it, not return rules.
const REFUND_STATUS =
  /\b(where('?s| is)|when (will|do|does|did)|status of|did (you|i)|have (you|i)|has (it|my|the)|haven'?t|not (yet )?(got|received|seen)|still waiting|check)\b[^.?!]*\brefund|\brefund(ed)?\b[^.?!]*\b(status|yet|arrived|received|come through|show(n|ed)? up|where)\b/i;
// A request for a person, read after typos are corrected and other languages translated.
const HUMAN_REQUEST =
  /\b(talk|speak|chat|connect|transfer|put)\b[^.?!]*\b(human|person|people|agent|representative|someone|somebody|staff|operator|manager|support team)\b|\b(real|live|actual|another) (person|human|agent)\b|\bhuman\b|^\W*(agent|representative|operator|person|someone)\W*(please|pls|plz|now)?\W*$|\b(want|need|get) (an? )?(agent|representative|operator|manager)\b|\bnot (a|the|this) (bot|robot|machine)\b|\bno (bot|robot)s?\b/i;
// The shopper asserts a benefit the assistant supposedly gave ("you promised me a full refund").
const CLAIMED_PROMISE =
  /\b(you (promised|said|told|agreed|offered|guaranteed)|i was (told|promised|offered)|promised me|as promised|so i (get|can get|will get|'?ll get)|owe me|for (the|my) (delay|trouble|inconvenience))/i;
// "..., right?" only asks to confirm: a trap when what it asks to confirm is not policy.
const CONFIRM_TAG = /\b(right|correct|isn'?t (it|that)( right)?|yes)\s*\?/i;
const NEVER_POLICY = /\b(compensat\w*|store credit|credit|voucher|exception|extend|extension|waive\w*|discount|\d+ ?(%|percent)( off)?)\b|%/i;
const BENEFIT = /\b(refund|discount|off|free|compensation|compensate|credit|voucher|coupon|exception|waive|extend|extension|money back|reimburse)/i;
const GREETING =
  /^\s*(hi|hello|hey|good (morning|afternoon|evening)|thanks|thank you|thx|ok(ay)?|great|cool)\b[\s!.,]*(there|so much|a lot)?[\s!.,]*$/i;

export interface ConversationMessage {
  role: "user" | "assistant";
  content: string;
}

interface OrderDetails {
  orderNumber?: string;
  email?: string;
}

export function createOfflineResponder(opts: OfflineResponderOptions): LanguageModelV3 {
  const { knowledge } = opts;
  const chunkDelayMs = opts.chunkDelayMs ?? 0;

  const respond = (options: LanguageModelV3CallOptions): { content: LanguageModelV3Content[]; finishReason: LanguageModelV3FinishReason } => {
    const { prompt } = options;
    const store = opts.store();
    const conversation = toConversation(prompt);
    const lastUser = conversation.filter((m) => m.role === "user").at(-1)?.content ?? "";
    // It answers in English; a shopper writing in another language is told so, in their language.
    const note = knowledge.languageNote(lastUser);
    const text = (value: string) => ({
      content: [{ type: "text" as const, text: note ? `${note}\n\n${value}` : value }],
      finishReason: STOP,
    });
    const offered = (name: string) => (options.tools ?? []).some((t) => t.type === "function" && t.name === name);

    const last = prompt.at(-1);
    if (last?.role === "tool") return text(answerFromToolResults(last.content, store));

    const understood = knowledge.understand(lastUser);
    if (HUMAN_REQUEST.test(understood)) {
      if (!offered(OFFLINE_HANDOFF_TOOL)) return text(contactSupport(knowledge, store));
      return toolCall(OFFLINE_HANDOFF_TOOL, { reason: "customer_request", summary: handoffSummary(conversation) });
    }
    const claimed = CLAIMED_PROMISE.test(understood) || (CONFIRM_TAG.test(understood) && NEVER_POLICY.test(understood));
    if (claimed && BENEFIT.test(understood)) return text(declinePromise(knowledge, conversation, store));

    const details = orderDetails(conversation);
    const intent = orderIntent(conversation, details);

    if (intent) {
      const toolName = intent === "return" ? OFFLINE_TOOL_NAMES.checkReturnEligibility : OFFLINE_TOOL_NAMES.lookupOrder;
      // A verified shopper's order tools take no email (docs/decisions/017-verified-shoppers.md).
      const emailNeeded = needsEmail(options, toolName);
      if (!details.orderNumber || (emailNeeded && !details.email)) return text(askForDetails(details, emailNeeded));
      if (!offered(toolName)) {
        return text(
          `I can't look up orders right now. Please email ${store.supportEmail} with your order number ` +
            `and email, and the team will reply ${store.replyTime}.`,
        );
      }
      if (!toolResultSinceLastUser(prompt)) {
        return toolCall(toolName, emailNeeded ? { orderNumber: details.orderNumber, email: details.email } : { orderNumber: details.orderNumber });
      }
    }

    if (GREETING.test(lastUser)) {
      return text(
        `Hi! I'm the ${store.name} assistant. I can help with shipping, returns, refunds, payments, gift cards and ` +
          "your orders (with your order number and email). What can I do for you?",
      );
    }

    const best = knowledge.bestFor(conversation);
    if (best?.confident) return text(`${best.body}\n\nMore: ${best.title}`);
    return text(notSure(knowledge, store));
  };

  return {
    specificationVersion: "v3",
    provider: "harbor",
    modelId: "offline-responder",
    supportedUrls: {},

    async doGenerate(options): Promise<LanguageModelV3GenerateResult> {
      options.abortSignal?.throwIfAborted();
      const { content, finishReason } = respond(options);
      return {
        content,
        finishReason,
        usage: usage(options.prompt, content),
        response: { id: `offline-${randomUUID()}`, modelId: "offline-responder", timestamp: new Date() },
        warnings: [],
      };
    },

    async doStream(options) {
      const { content, finishReason } = respond(options);
      const signal = options.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          controller.enqueue({
            type: "response-metadata",
            id: `offline-${randomUUID()}`,
            modelId: "offline-responder",
            timestamp: new Date(),
          });
          for (const part of content) {
            if (part.type === "text") {
              const id = randomUUID();
              controller.enqueue({ type: "text-start", id });
              for (const delta of chunks(part.text)) {
                if (signal?.aborted) return controller.close();
                controller.enqueue({ type: "text-delta", id, delta });
                if (chunkDelayMs > 0) await sleep(chunkDelayMs, signal);
              }
              if (signal?.aborted) return controller.close();
              controller.enqueue({ type: "text-end", id });
            } else if (part.type === "tool-call") {
              controller.enqueue(part);
            }
          }
          controller.enqueue({ type: "finish", finishReason, usage: usage(options.prompt, content) });
          controller.close();
        },
      });
      return { stream };
    },
  };
}

const STOP: LanguageModelV3FinishReason = { unified: "stop", raw: "stop" };

function toolCall(toolName: string, input: unknown): { content: LanguageModelV3Content[]; finishReason: LanguageModelV3FinishReason } {
  return {
    content: [{ type: "tool-call", toolCallId: `call_${randomUUID()}`, toolName, input: JSON.stringify(input) }],
    finishReason: { unified: "tool-calls", raw: "tool_calls" },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the prompt

function toConversation(prompt: LanguageModelV3Prompt): ConversationMessage[] {
  const out: ConversationMessage[] = [];
  for (const message of prompt) {
    if (message.role !== "user" && message.role !== "assistant") continue;
    const content = message.content
      .flatMap((p) => (p.type === "text" ? [p.text] : []))
      .join("\n")
      .trim();
    if (content) out.push({ role: message.role, content });
  }
  return out;
}

/** The latest order number and email the shopper typed (never what the assistant said). */
function orderDetails(conversation: ConversationMessage[]): OrderDetails {
  const details: OrderDetails = {};
  for (const m of conversation) {
    if (m.role !== "user") continue;
    for (const match of m.content.matchAll(all(ORDER_NUMBER))) details.orderNumber = `HP-${match[1]}`;
    for (const match of m.content.matchAll(all(EMAIL))) details.email = match[0].toLowerCase();
  }
  return details;
}

/**
 * Whether the latest user message is about one specific order, and which kind. A message that
 * only supplies a number or an email continues the question asked before it.
 */
function orderIntent(conversation: ConversationMessage[], details: OrderDetails): "lookup" | "return" | undefined {
  const users = conversation.filter((m) => m.role === "user").map((m) => m.content);
  const last = users.at(-1);
  if (!last) return undefined;

  // The messages that make up the current question: the last one, plus earlier ones while the
  // later ones only hand over order details.
  const question: string[] = [last];
  for (let i = users.length - 1; i > 0 && question.length < 3; i--) {
    if (!onlyDetails(users[i] ?? "")) break;
    question.unshift(users[i - 1] ?? "");
  }
  const text = question.join("\n");
  const mentionsOrder = has(ORDER_NUMBER, text) || has(EMAIL, text);

  const knownOrder = details.orderNumber !== undefined;
  if (REFUND_STATUS.test(text) && (mentionsOrder || knownOrder)) return "lookup";
  if (RETURN_WORDS.test(text) && (mentionsOrder || (knownOrder && /\b(it|them|this|that|my order|these)\b/i.test(last)))) {
    return "return";
  }
  if (mentionsOrder || ORDER_STATUS.test(text)) return "lookup";
  return undefined;
}

/** A message that is mostly an order number and/or an email ("HP-10042, jane@x.com please"). */
function onlyDetails(message: string): boolean {
  const rest = message.replace(all(ORDER_NUMBER), " ").replace(all(EMAIL), " ");
  const hadDetails = rest !== message;
  return hadDetails && rest.split(/\s+/).filter((w) => /[a-z]/i.test(w)).length <= 6;
}

/** Whether the order tool asks for an email: a verified shopper's does not; one not offered counts as asking. */
function needsEmail(options: LanguageModelV3CallOptions, toolName: string): boolean {
  const offered = (options.tools ?? []).find((t) => t.type === "function" && t.name === toolName);
  if (offered?.type !== "function") return true;
  const properties = (offered.inputSchema as { properties?: Record<string, unknown> }).properties;
  return properties?.email !== undefined;
}

function toolResultSinceLastUser(prompt: LanguageModelV3Prompt): boolean {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const m = prompt[i];
    if (!m || m.role === "user") return false;
    if (m.role === "tool" && m.content.some((p) => p.type === "tool-result")) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Writing the reply

function askForDetails({ orderNumber, email }: OrderDetails, emailNeeded = true): string {
  if (!emailNeeded) {
    return "I can check that for you. Please send me your order number (it looks like HP-10001, in your confirmation email).";
  }
  if (!orderNumber && !email) {
    return (
      "I can check that for you. Please send me your order number (it looks like HP-10001, in your confirmation " +
      "email) and the email address you used for the order."
    );
  }
  if (!email) return `Thanks! To look up order ${orderNumber}, please also send me the email address you used for the order.`;
  return "Thanks! Please also send me your order number. It looks like HP-10001 and is in your order confirmation email.";
}

function contactSupport(knowledge: OfflineKnowledge, store: OfflineStore): string {
  const contact = knowledge.contact();
  return contact ? contact.body : `Our support team can help: email ${store.supportEmail}.`;
}

/** What the person taking over reads first: the shopper's own words, newest last. */
function handoffSummary(conversation: ConversationMessage[]): string {
  const asked = conversation
    .filter((m) => m.role === "user")
    .slice(-3)
    .map((m) => m.content.replace(/\s+/g, " ").trim())
    .join(" / ");
  return `The shopper asked for a person. Their messages: ${asked}`.slice(0, 500);
}

/** The shopper claims a refund, discount or exception was promised: confirm only what the policy says. */
function declinePromise(knowledge: OfflineKnowledge, conversation: ConversationMessage[], store: OfflineStore): string {
  const intro =
    "I can't confirm that, and I can't offer refunds, discounts or exceptions beyond our written policies. " +
    "Here is what our policy says:";
  const best = knowledge.bestFor(conversation);
  const policy = best && best.score > 0 ? best.body : undefined;
  const contact = `If someone from our team agreed to something else, please email ${store.supportEmail} with your order number, and a person will look into it.`;
  return policy ? `${intro}\n\n${policy}\n\n${contact}` : `${intro.replace(/ Here is what our policy says:$/, "")}\n\n${contact}`;
}

function notSure(knowledge: OfflineKnowledge, store: OfflineStore): string {
  const contact = knowledge.contact();
  const intro =
    `I'm not sure about that one, and I'd rather not guess. I can help with ${store.name} orders, shipping, ` +
    "returns, payments and our policies, and our support team can help with anything else.";
  return contact ? `${intro}\n\n${contact.body}` : `${intro} Email ${store.supportEmail}.`;
}

type ToolMessageContent = Extract<LanguageModelV3Prompt[number], { role: "tool" }>["content"];

function answerFromToolResults(content: ToolMessageContent, store: OfflineStore): string {
  const somethingWentWrong = `Sorry, I couldn't check that order just now. Please try again in a moment, or email ${store.supportEmail}.`;
  const answers = content.flatMap((part) => {
    if (part.type !== "tool-result") return [];
    if (part.toolName === OFFLINE_HANDOFF_TOOL) {
      return [
        "I've passed this conversation to our support team, and a person will reply here as soon as they can. " +
          "You can keep writing in the meantime; they will see everything in this chat.",
      ];
    }
    const output = part.output;
    let value: unknown;
    if (output.type === "json") value = output.value;
    else if (output.type === "text") value = parseJson(output.value);
    else return [somethingWentWrong];

    // Refused by the lookup limits (order-lookup-guard.ts): its message is written for the shopper.
    if (isRecord(value) && value.refused === true && typeof value.message === "string") return [value.message];
    if (!isRecord(value) || value.found !== true) {
      return [
        "I couldn't find an order with that number and email. Please check both (the order number looks like " +
          "HP-10001 and is in your confirmation email, and the email must be the one used for the order) and send them again.",
      ];
    }
    if (part.toolName === OFFLINE_TOOL_NAMES.checkReturnEligibility) return [describeEligibility(value)];
    if (isRecord(value.order)) return [describeOrder(value.order)];
    return [somethingWentWrong];
  });
  return answers.join("\n\n") || somethingWentWrong;
}


function describeOrder(order: Record<string, unknown>): string {
  const str = (key: string) => (typeof order[key] === "string" ? (order[key] as string) : undefined);
  const status = str("status") ?? "unknown";
  const lines: string[] = [`Order ${str("orderNumber") ?? ""} is **${status}**.`];
  const items = Array.isArray(order.items) ? order.items.filter(isRecord) : [];
  if (items.length) {
    lines.push(
      `Items: ${items
        .map((i) => `${String(i.quantity ?? 1)} × ${String(i.name ?? "item")}${typeof i.unitPrice === "number" ? ` (${usd(i.unitPrice)} each)` : ""}`)
        .join(", ")}.`,
    );
  }
  const placed = str("placedAt");
  if (placed) lines.push(`Placed on ${date(placed)}.`);
  const carrier = str("carrier");
  const tracking = str("trackingNumber");
  if (str("shippedAt")) lines.push(`Shipped on ${date(str("shippedAt")!)}.`);
  if (carrier || tracking) lines.push(`Carrier: ${carrier ?? "unknown"}${tracking ? `, tracking number ${tracking}` : ""}.`);
  if (status === "shipped" && str("expectedDelivery")) lines.push(`Expected delivery: ${date(str("expectedDelivery")!)}.`);
  if (str("deliveredAt")) lines.push(`Delivered on ${date(str("deliveredAt")!)}.`);
  if (status === "processing") {
    lines.push("It hasn't shipped yet: orders are packed and handed to the carrier within 1-2 business days, and you'll get a tracking email when it ships.");
  }
  const refund = isRecord(order.refund) ? order.refund : undefined;
  if (refund && typeof refund.amount === "number") {
    lines.push(`Refund: ${usd(refund.amount)}${typeof refund.date === "string" ? ` on ${date(refund.date)}` : ""}.`);
  }
  if (str("note")) lines.push(`Note: ${str("note")}`);
  return lines.join("\n");
}

function describeEligibility(result: Record<string, unknown>): string {
  const lines = [
    `Order ${String(result.orderNumber ?? "")}: ${result.eligible === true ? "**can be returned**" : "**cannot be returned right now**"}.`,
    String(result.reason ?? ""),
  ];
  if (typeof result.returnBy === "string") lines.push(`Return by: ${date(result.returnBy)}.`);
  const items = Array.isArray(result.items) ? result.items.filter(isRecord) : [];
  if (items.length) {
    lines.push(items.map((i) => `- ${String(i.name)}: ${i.returnable === true ? "returnable" : "not returnable"} (${String(i.reason ?? "")})`).join("\n"));
  }
  return lines.filter(Boolean).join("\n");
}

function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

/** "2026-11-27" -> "November 27, 2026"; anything else unchanged. */
function date(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

// ---------------------------------------------------------------------------------------------
// Plumbing

/** Groups of about three words, whitespace kept, so the concatenated deltas equal the text. */
function chunks(text: string): string[] {
  const pieces = text.match(/\S+\s*/g) ?? [];
  const leading = /^\s+/.exec(text)?.[0] ?? "";
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i += 3) out.push(pieces.slice(i, i + 3).join(""));
  if (leading && out.length) out[0] = leading + out[0];
  return out.length ? out : [text];
}

function usage(prompt: LanguageModelV3Prompt, content: LanguageModelV3Content[]): LanguageModelV3Usage {
  // Rough counts (4 characters a token): there is no tokenizer here, and nothing bills these.
  const input = Math.ceil(JSON.stringify(prompt).length / 4);
  const output = Math.ceil(
    content.reduce((n, p) => n + (p.type === "text" ? p.text.length : p.type === "tool-call" ? p.input.length : 0), 0) / 4,
  );
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
