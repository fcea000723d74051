// 90 days of made-up but varied shopper conversations for `npm run seed:demo`, so the owner's
// insights have something to show on a fresh machine: answered questions (cited from the real
// knowledge base, with its real retrieval scores), handoffs for every reason with staff replies,
// thumbs up and down with reasons, reopened conversations, order lookups, reply-cache hits,
// knowledge gaps that come back in other words, and a few flagged promises. Seeded random numbers:
// the same "now" gives the same conversations. Written straight to the tables (no model calls).
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Source } from "@harbor/contracts";
import type { KnowledgeBase } from "../services/knowledge-index";
import { addDays, startOfLocalDay, wallClockAt } from "../services/zoned-time";
import type { Database } from "./schema";
import { createReplyMetricsRepo } from "./reply-metrics.repo";

/** Visitors of the demo carry this in place of a token hash (never a real SHA-256 hex): how a second run knows. */
export const DEMO_MARKER = "demo-seed:";
export const DEMO_DAYS = 90;

type Status = "bot" | "waiting" | "human" | "resolved";
type Event =
  | { kind: "user"; at: number; text: string }
  | { kind: "reply"; at: number; text: string; sources: Source[]; metrics: DemoMetrics; feedback?: ["up" | "down", string | null]; flags?: string[] }
  | { kind: "staff"; at: number; text: string }
  | { kind: "status"; at: number; from: Status; to: Status; actor: "shopper" | "agent" | "staff"; reason: string | null; handoffReason?: string };

interface DemoMetrics {
  model: string;
  latencyMs: number;
  firstTokenMs: number | null;
  tokensIn: number;
  tokensOut: number;
  cacheHit: boolean;
  topScore: number | null;
  confident: boolean;
  retrieved: string[];
  tools: string[];
  handoffReason: string | null;
}

/** mulberry32: small, fast and good enough for made-up data. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Random = ReturnType<typeof random>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STAFF_NAMES = ["Robin", "Sam", "Alex"];
// Shoppers write most around midday and in the evening (local hours, relative weights).
const HOUR_WEIGHTS = [1, 1, 0, 0, 0, 1, 2, 3, 5, 7, 9, 10, 10, 9, 8, 7, 6, 6, 7, 8, 8, 6, 4, 2];

const GAPS = [
  ["Do you engrave cutting boards?", "Can I get my cutting board engraved?", "Is engraving available on boards?"],
  ["Do you offer gift wrapping?", "Can you gift wrap my order?", "Is gift wrap available?"],
  ["Do you sell replacement lids for the Dutch oven?", "Can I buy a spare lid for my Dutch oven?"],
  ["Are your pans induction compatible?", "Does the skillet work on an induction hob?"],
  ["Do you do wholesale pricing for restaurants?", "Is there a bulk discount for cafes?"],
  ["Is the enamel on the Dutch oven lead free?", "Is your enamel coating lead free?"],
];
const THUMBS_UP = ["Quick and clear", "Exactly what I needed", "Helpful, thanks", null, null];
const THUMBS_DOWN = ["Didn't answer my question", "Too generic", "Wrong information", null];
const ORDERS = [
  ["HP-10042", "jane.doe@example.com", "Your order HP-10042 has shipped with UPS (tracking 1Z999AA10123456784) and should arrive by November 27."],
  ["HP-10043", "sam.lee@example.com", "Your order HP-10043 was delivered on October 24."],
  ["HP-10044", "ana.garcia@example.com", "Your order HP-10044 is being prepared and has not shipped yet."],
] as const;
const HANDOFFS = [
  { reason: "customer_request", ask: "Can I talk to a person please?", staff: "Hi, this is {name} from the team. How can I help?" },
  { reason: "order_problem", ask: "My order HP-10043 arrived with a cracked mug and a missing saucer.", staff: "I'm sorry about that! I've sent a replacement mug and saucer today." },
  { reason: "policy_exception", ask: "I know it's been 45 days, but can I still return the stand mixer?", staff: "We can make a one-time exception this time: I've emailed you a return label." },
  { reason: "frustrated", ask: "This is the third time I'm asking and nobody answers me!!", staff: "I'm really sorry for the wait. I'm on it now." },
  { reason: "missing_knowledge", ask: "", staff: "Thanks for asking! Not at the moment, but I've passed it on to the team." },
];

export interface DemoSeedResult {
  conversations: number;
  messages: number;
  skipped: boolean;
}

export async function seedDemoConversations(
  db: Kysely<Database>,
  options: { knowledge: KnowledgeBase; timeZone: string; now: Date; days?: number },
): Promise<DemoSeedResult> {
  const already = await db
    .selectFrom("visitors")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("token_hash", "like", `${DEMO_MARKER}%`)
    .executeTakeFirst();
  if (Number(already?.n ?? 0) > 0) return { conversations: 0, messages: 0, skipped: true };

  const { knowledge, timeZone } = options;
  const now = options.now.getTime();
  const days = options.days ?? DEMO_DAYS;
  const rnd = random(Math.floor(now / 86_400_000));
  const questions = knowledge.articles.flatMap((a) => a.questions);
  // A few questions everyone asks: where the reply cache earns its keep.
  const popular = questions.filter((_, i) => i % 7 === 0);

  function reply(question: string, at: number, extra: Partial<DemoMetrics> & { text?: string; cite?: boolean } = {}) {
    const passages = knowledge.search(question, 3);
    const confident = passages.some((p) => p.confident);
    const best = passages.find((p) => p.confident);
    const cite = extra.cite ?? true;
    const sources: Source[] = cite && best ? [{ id: best.article.slug, title: best.article.title, url: `/help/${best.article.slug}` }] : [];
    const cacheHit = extra.cacheHit ?? false;
    const text = extra.text ?? (best ? best.article.summary : "I'm not sure about that one, and I don't want to guess. I can ask a person from the team if you like.");
    const metrics: DemoMetrics = {
      model: rnd.chance(0.1) ? "offline" : "mistral-small-latest",
      latencyMs: cacheHit ? rnd.int(4, 40) : rnd.int(700, 4200),
      firstTokenMs: cacheHit ? rnd.int(2, 20) : rnd.chance(0.25) ? null : rnd.int(180, 950),
      tokensIn: cacheHit ? 0 : rnd.int(900, 1900),
      tokensOut: cacheHit ? 0 : Math.round(text.split(/\s+/).length * 1.4),
      cacheHit,
      topScore: passages[0]?.score ?? null,
      confident,
      retrieved: passages.map((p) => p.article.slug),
      tools: [],
      handoffReason: null,
      ...extra,
    };
    return { kind: "reply" as const, at, text, sources, metrics };
  }

  /** A person takes the conversation some minutes after `from`, answers and resolves it. */
  function staffAnswers(events: Event[], from: number, text: string) {
    const name = rnd.pick(STAFF_NAMES);
    const taken = from + rnd.int(2, 180) * MINUTE;
    events.push({ kind: "status", at: taken, from: "waiting", to: "human", actor: "staff", reason: null });
    events.push({ kind: "staff", at: taken + rnd.int(20, 300) * 1000, text: text.replace("{name}", name) });
    events.push({ kind: "status", at: taken + rnd.int(5, 40) * MINUTE, from: "human", to: "resolved", actor: "staff", reason: null });
  }

  function handoff(events: Event[], at: number, reason: string, actor: "agent" | "shopper" = "agent") {
    events.push({ kind: "status", at, from: "bot", to: "waiting", actor, reason: actor === "agent" ? "The shopper needs a person." : reason, handoffReason: reason });
  }

  function conversation(start: number): Event[] {
    const events: Event[] = [];
    const roll = rnd.next();
    let t = start;
    const next = (minS: number, maxS: number) => (t += rnd.int(minS, maxS) * 1000);

    if (roll < 0.42) {
      // Answered from the knowledge base; sometimes a follow-up, sometimes a rating, some from the reply cache.
      const turns = rnd.chance(0.25) ? 2 : 1;
      for (let n = 0; n < turns; n++) {
        const question = rnd.chance(0.3) ? rnd.pick(popular) : rnd.pick(questions);
        events.push({ kind: "user", at: t, text: question });
        const r = reply(question, next(1, 5), { cacheHit: rnd.chance(0.2) });
        const rating = rnd.chance(0.3) ? (rnd.chance(0.8) ? (["up", rnd.pick(THUMBS_UP)] as const) : (["down", rnd.pick(THUMBS_DOWN)] as const)) : undefined;
        events.push({ ...r, ...(rating ? { feedback: [rating[0], rating[1]] as ["up" | "down", string | null] } : {}) });
        next(40, 400);
      }
    } else if (roll < 0.57) {
      // A knowledge gap: the question comes back in other words; the agent hands off or gets a thumbs down.
      const question = rnd.pick(rnd.pick(GAPS));
      events.push({ kind: "user", at: t, text: question });
      const outcome = rnd.next();
      if (outcome < 0.45) {
        const at = next(1, 4);
        events.push(reply(question, at, { text: "Let me get a person from the team for that.", tools: ["handoff_to_human"], handoffReason: "missing_knowledge", cite: false }));
        handoff(events, at, "missing_knowledge");
        staffAnswers(events, at, HANDOFFS[4]!.staff);
      } else {
        events.push({ ...reply(question, next(1, 4), { cite: false }), ...(outcome < 0.75 ? { feedback: ["down", rnd.pick(THUMBS_DOWN)] as ["down", string | null] } : {}) });
      }
    } else if (roll < 0.72) {
      // A handoff for one of the other reasons; the shopper's own button now and then.
      const h = rnd.pick(HANDOFFS.slice(0, 4));
      events.push({ kind: "user", at: t, text: h.ask });
      if (h.reason === "customer_request" && rnd.chance(0.4)) {
        handoff(events, next(5, 20), "customer_request", "shopper");
      } else {
        const at = next(1, 4);
        const tools = h.reason === "order_problem" ? ["lookup_order", "handoff_to_human"] : ["handoff_to_human"];
        events.push(reply(h.ask, at, { text: "I've asked a person from the Harbor & Pine team to join. They'll reply right here in this chat.", tools, handoffReason: h.reason, cite: false }));
        handoff(events, at, h.reason);
      }
      staffAnswers(events, t, h.staff);
    } else if (roll < 0.86) {
      // An order lookup through the tool.
      const [order, email, answer] = rnd.pick(ORDERS);
      const ask = `Where is my order ${order}? My email is ${email}`;
      events.push({ kind: "user", at: t, text: ask });
      events.push({ ...reply(ask, next(2, 6), { text: answer, tools: ["lookup_order"], cite: false }), ...(rnd.chance(0.25) ? { feedback: ["up", rnd.pick(THUMBS_UP)] as ["up", string | null] } : {}) });
    } else if (roll < 0.94) {
      // Answered, closed by staff, reopened by the shopper the next day.
      const question = rnd.pick(questions);
      events.push({ kind: "user", at: t, text: question });
      events.push(reply(question, next(1, 4)));
      events.push({ kind: "status", at: next(3600, 3 * 3600), from: "bot", to: "resolved", actor: "staff", reason: null });
      const again = rnd.pick(questions);
      const back = next(18 * 3600, 30 * 3600);
      events.push({ kind: "user", at: back, text: `One more question: ${again}` });
      events.push({ kind: "status", at: back, from: "resolved", to: "bot", actor: "shopper", reason: "shopper wrote again" });
      events.push(reply(again, next(1, 4)));
    } else {
      // A reply the promise check flagged; the shopper was not always pleased.
      const question = rnd.pick(["My package is late, do I get my shipping refunded?", "Can I get a discount since my order was delayed?"]);
      events.push({ kind: "user", at: t, text: question });
      events.push({
        ...reply(question, next(1, 4), { text: "Sorry for the delay! I'll refund your shipping and add a 10% discount to your next order." }),
        flags: ["unsupported_promise"],
        ...(rnd.chance(0.5) ? { feedback: ["down", "Wrong information"] as ["down", string | null] } : {}),
      });
    }
    return events.sort((a, b) => a.at - b.at);
  }

  const firstDay = addDays(wallClockAt(new Date(now), timeZone).date, -(days - 1));
  const weightTotal = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  const pickHour = () => {
    let r = rnd.next() * weightTotal;
    for (let h = 0; h < 24; h++) if ((r -= HOUR_WEIGHTS[h]!) < 0) return h;
    return 12;
  };

  let conversations = 0;
  let messages = 0;
  for (let d = 0; d < days; d++) {
    const date = addDays(firstDay, d);
    const dayStart = startOfLocalDay(date, timeZone).getTime();
    const weekday = wallClockAt(new Date(dayStart + 12 * HOUR), timeZone).weekday;
    // Busier on weekdays, and busier as the store grows over the quarter.
    const count = (weekday === 0 || weekday === 6 ? 4 : 7) + Math.floor((d / days) * 4) + rnd.int(0, 4);
    await db.transaction().execute(async (trx) => {
      for (let c = 0; c < count; c++) {
        const start = dayStart + pickHour() * HOUR + rnd.int(0, 3599) * 1000;
        // Nothing from the future: a conversation ends where "now" is.
        const events = conversation(start).filter((e) => e.at <= now);
        if (events[0]?.kind !== "user") continue;
        messages += await writeConversation(trx, events, rnd);
        conversations++;
      }
    });
  }
  return { conversations, messages, skipped: false };
}

async function writeConversation(db: Kysely<Database>, events: Event[], rnd: Random): Promise<number> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const visitorId = randomUUID();
  const conversationId = randomUUID();
  const first = events[0] as Extract<Event, { kind: "user" }>;
  const written = events.filter((e) => e.kind !== "status");
  const last = written.at(-1)!;
  let status: Status = "bot";
  let handoffReason: string | null = null;
  let waitingSince: string | null = null;
  for (const e of events) {
    if (e.kind !== "status") continue;
    status = e.to;
    if (e.handoffReason) handoffReason = e.handoffReason;
    waitingSince = e.to === "waiting" ? iso(e.at) : null;
  }
  const lastRole = last.kind === "user" ? "user" : last.kind === "reply" ? "assistant" : "staff";
  await db.insertInto("visitors").values({ id: visitorId, token_hash: `${DEMO_MARKER}${visitorId}`, created_at: iso(first.at) }).execute();
  await db
    .insertInto("conversations")
    .values({
      id: conversationId,
      visitor_id: visitorId,
      title: first.text.length > 60 ? `${first.text.slice(0, 59).trimEnd()}…` : first.text,
      created_at: iso(first.at),
      updated_at: iso(Math.max(...events.map((e) => e.at))),
      message_count: written.length,
      cache_revision: written.length,
      last_message_role: lastRole,
      last_message_content: last.text.slice(0, 200),
      last_message_at: iso(last.at),
      status,
      assignee_id: null,
      handoff_reason: handoffReason,
      waiting_since: waitingSince,
    })
    .execute();
  for (const e of events) {
    if (e.kind === "status") {
      await db
        .insertInto("conversation_timeline")
        .values({ conversation_id: conversationId, at: iso(e.at), actor: e.actor, staff_id: null, from_status: e.from, to_status: e.to, reason: e.reason })
        .execute();
      continue;
    }
    const id = randomUUID();
    const role = e.kind === "user" ? "user" : e.kind === "reply" ? "assistant" : "staff";
    const r = e.kind === "reply" ? e : undefined;
    const orderTools = r?.metrics.tools.filter((name) => name !== "handoff_to_human") ?? [];
    await db
      .insertInto("messages")
      .values({
        id,
        conversation_id: conversationId,
        role,
        content: e.text,
        status: "complete",
        sources: JSON.stringify(r?.sources ?? []),
        used_tool: orderTools.length > 0 ? 1 : 0,
        tool_calls: JSON.stringify(orderTools.map((toolName) => ({ toolName, orderNumber: /HP-\d{5}/.exec(first.text)?.[0] ?? "", found: true }))),
        author_staff_id: null,
        author_name: role === "staff" ? rnd.pick(STAFF_NAMES) : null,
        feedback_rating: r?.feedback?.[0] ?? null,
        feedback_reason: r?.feedback?.[1] ?? null,
        created_at: iso(e.at),
        flags: JSON.stringify(r?.flags ?? []),
      })
      .execute();
    if (r) {
      // Through the repository the chat writes with: the demo rows are the real rows' shape.
      const m = r.metrics;
      await createReplyMetricsRepo(db).record({
        messageId: id,
        createdAt: iso(e.at),
        model: m.model,
        latencyMs: m.latencyMs,
        firstTokenMs: m.firstTokenMs,
        tokensIn: m.tokensIn,
        tokensOut: m.tokensOut,
        cacheHit: m.cacheHit,
        retrievalTopScore: m.topScore,
        retrievalConfident: m.confident,
        retrievedArticleIds: m.retrieved,
        citedArticleIds: r.sources.map((s) => s.id),
        toolsCalled: m.tools,
        handoffReason: m.handoffReason,
      });
    }
  }
  return written.length;
}
