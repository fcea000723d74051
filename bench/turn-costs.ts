// What one chat turn's parts cost in CPU, one at a time (README.md, "What a turn costs"):
//   cd bench && npm run bench:turn-costs         (TURN_COST_ROUNDS=1000)
// Each part runs ROUNDS times in this process, one after the other, and its CPU (user + system,
// process.cpuUsage) is divided by the rounds. The fake model runs in its own process
// (bench/fake-model.ts), so its CPU is not in the figures. What the parts are beside: the bare
// Express route of `npm run bench` costs 0.25-0.3 ms of CPU per request on this machine.
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createMistral } from "@ai-sdk/mistral";
import { generateText, streamText } from "ai";
import { openDatabase } from "../backend/src/db/connection";
import { httpFetch } from "../backend/src/llm/http-fetch";
import { createMessageRepo, type NewMessage } from "../backend/src/db/message.repo";
import { createVisitorRepo } from "../backend/src/db/visitor.repo";
import { createConversationRepo } from "../backend/src/db/conversation.repo";
import { createOrderRepo } from "../backend/src/db/order.repo";
import { loadSeedProfile } from "../backend/src/db/seed-store-profile";
import { groundingFor } from "../backend/src/services/chat.service";
import { loadKnowledgeBase } from "../backend/src/services/knowledge-index";
import { createOrderTools } from "../backend/src/services/order-tools";
import { factsOf } from "../backend/src/services/store-profile.service";
import { buildSystemPrompt } from "../backend/src/services/support-prompt";
import { PORTS, startFake, stop, tempDir } from "./lib";

const ROUNDS = Number(process.env.TURN_COST_ROUNDS ?? 1000);
const fakeUrl = `http://127.0.0.1:${PORTS.fake}`;
const keepAlive = new http.Agent({ keepAlive: true });

/** CPU milliseconds per round of `run`, after a tenth as many rounds of warm-up. */
async function cost(run: (i: number) => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < Math.max(20, ROUNDS / 10); i++) await run(i);
  const before = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) await run(i);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / ROUNDS;
}

const fake = await startFake();
const dir = tempDir();
const opened = await openDatabase({ path: path.join(dir, "costs.sqlite") });
try {
  const facts = factsOf(loadSeedProfile());
  const knowledge = loadKnowledgeBase(undefined, facts);
  const question = "How long does shipping to Canada take, and what does it cost?";
  const { grounding } = groundingFor(knowledge, question);
  const system = buildSystemPrompt(grounding, facts);
  const tools = createOrderTools({ orders: createOrderRepo(opened.db), clock: () => new Date(), returnsUrl: () => facts.returnsUrl });
  // As the app calls it (src/llm/responder.ts), and with Node's own fetch for comparison.
  const model = createMistral({ apiKey: "bench-key", baseURL: `${fakeUrl}/v1`, fetch: httpFetch })("mistral-small-latest");
  const modelOverNodeFetch = createMistral({ apiKey: "bench-key", baseURL: `${fakeUrl}/v1` })("mistral-small-latest");
  const request = JSON.stringify({ model: "mistral-small-latest", messages: [{ role: "system", content: system }, { role: "user", content: question }] });
  const streamed = { text: Array.from({ length: 60 }, (_, i) => `tok${i}`).join(" "), chunkDelayMs: 0, wordsPerChunk: 3 };
  const script = (n: number) => fetch(`${fakeUrl}/__script`, { method: "POST", body: JSON.stringify(Array.from({ length: n }, () => streamed)) });

  const visitors = createVisitorRepo(opened.db);
  const messages = createMessageRepo(opened.db);
  const conversations = createConversationRepo(opened.db);
  const visitorId = "bench-visitor";
  await visitors.insertVisitor({ id: visitorId, tokenHash: "bench-hash", createdAt: new Date().toISOString() });
  const conversationId = "bench-conversation";
  const message = (i: number, role: "user" | "assistant"): NewMessage => ({
    id: `m-${role}-${i}-${Math.random()}`,
    conversationId,
    role,
    content: `${question} (${i})`,
    status: "complete",
    sources: [],
    usedTool: false,
    createdAt: new Date().toISOString(),
  });
  await messages.appendMessage(message(0, "user"), { visitorId }, { startsConversation: { title: "Bench" } });

  const rows: [string, number][] = [];
  const add = async (what: string, run: (i: number) => Promise<unknown> | unknown) => {
    const ms = await cost(run);
    rows.push([what, ms]);
    console.error(`${what}: ${ms.toFixed(3)} ms`);
  };

  await add("retrieval: the best passages for a question (groundingFor)", () => groundingFor(knowledge, question));
  await add("the system prompt from the passages (buildSystemPrompt)", () => buildSystemPrompt(grounding, facts));
  await add("SQLite: a visitor by token hash", () => visitors.findVisitorByTokenHash("bench-hash"));
  await add("SQLite: the conversation, scoped to the visitor", () => conversations.findConversationForVisitor(conversationId, visitorId));
  await add("SQLite: a shopper's message appended (one transaction)", (i) => messages.appendMessage(message(i, "user"), { visitorId }));
  await add("SQLite: an agent reply appended, only while bot (one transaction)", (i) =>
    messages.appendMessage(message(i, "assistant"), { visitorId }, { onlyWhileStatus: ["bot"] }),
  );
  await add("SQLite: the newest 14 messages (the model's history)", () => messages.listMessagesForConversation(conversationId, visitorId, 14));
  await add("HTTP: a raw fetch of a non-streaming completion from the fake", async () => {
    const r = await fetch(`${fakeUrl}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer bench-key" }, body: request });
    await r.json();
  });
  await add("HTTP: the same through the app's transport (httpFetch)", async () => {
    const r = await httpFetch(`${fakeUrl}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer bench-key" }, body: request });
    await r.json();
  });
  await add("AI SDK: generateText, no tools, over Node's fetch", () => generateText({ model: modelOverNodeFetch, system, prompt: question, maxRetries: 0 }));
  await add("AI SDK: generateText, no tools", () => generateText({ model, system, prompt: question, maxRetries: 0 }));
  await add("AI SDK: generateText with the order tools", () => generateText({ model, system, prompt: question, tools, maxRetries: 0 }));
  const streamTo = async () => {
    const result = streamText({ model, system, prompt: question, tools, maxRetries: 0 });
    for await (const part of result.fullStream) void part;
  };
  await script(ROUNDS + Math.max(20, ROUNDS / 10));
  await add("AI SDK: streamText of 60 tokens in 20 chunks sent at once, read to the end", streamTo);
  // Chunks 2 ms apart arrive one by one, as the model's do (150 ms apart in bench:streams).
  streamed.chunkDelayMs = 2;
  await script(ROUNDS + Math.max(20, ROUNDS / 10));
  await add("AI SDK: the same 20 chunks arriving 2 ms apart", streamTo);
  await add("HTTP: http.request with a keep-alive agent, the same non-streaming completion", () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        `${fakeUrl}/v1/chat/completions`,
        { method: "POST", agent: keepAlive, headers: { "content-type": "application/json", authorization: "Bearer bench-key" } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            JSON.parse(Buffer.concat(chunks).toString("utf8"));
            resolve();
          });
        },
      );
      req.on("error", reject);
      req.end(request);
    }),
  );

  const width = Math.max(...rows.map(([w]) => w.length));
  console.log(
    [
      `${ROUNDS} rounds each, CPU of this process per round; Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
      "",
      "| part of a turn | CPU per call |",
      "|---|---|",
      ...rows.map(([what, ms]) => `| ${what.padEnd(width)} | ${ms.toFixed(3)} ms |`),
    ].join("\n"),
  );
} finally {
  await opened.close();
  await stop(fake);
}
