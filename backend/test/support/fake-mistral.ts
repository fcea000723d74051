// A fake Mistral API over real HTTP, speaking the wire protocol of POST /v1/chat/completions:
// JSON completions, SSE streams of chat.completion.chunk ending in `data: [DONE]`, tool_calls,
// error bodies with their status codes, and delays. It logs every request it receives.
//
// What it answers, in order: a reply queued with `script()`; a rule for a marker in the last
// user message ([[slow]], [[fail]], [[xss]], [[hang]], [[handoff]]); a tool call when the shopper gave an
// order number and an email (or only the number, when the order tools take no email: a verified
// shopper); a text built from a tool result; otherwise a short default reply.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface FakeReply {
  text?: string;
  toolCalls?: FakeToolCall[];
  /** An HTTP error status (401, 422, 429, 500, 503...) with Mistral's error body. */
  status?: number;
  headers?: Record<string, string>;
  /** Wait before answering at all. */
  delayMs?: number;
  /** Wait between streamed chunks. */
  chunkDelayMs?: number;
  /** Words per streamed chunk (default 1). */
  wordsPerChunk?: number;
  /** Accept the request and never answer (until the client aborts). */
  hang?: boolean;
}

export interface MistralRequestBody {
  model: string;
  messages: { role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string; name?: string }[];
  temperature?: number;
  max_tokens?: number;
  stream?: boolean;
  tools?: { type: string; function: { name: string; description?: string; parameters: unknown } }[];
  [key: string]: unknown;
}

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: MistralRequestBody;
}

export const XSS_REPLY = [
  "Here you go: <script>window.__xss = 1</script>",
  "[click me](javascript:window.__xss=2)",
  '<img src="x" onerror="window.__xss=3">',
  "![tracking pixel](http://198.51.100.7/pixel.png)",
  "**Bold** and a [help link](https://harborandpine.example/help).",
].join("\n\n");

const ERROR_TYPES: Record<number, [string, string]> = {
  401: ["Unauthorized", "invalid_api_key"],
  422: ["Invalid request: max_tokens must be a positive integer", "invalid_request_error"],
  429: ["Requests rate limit exceeded", "rate_limited"],
  500: ["Internal server error", "internal_error"],
  503: ["Service unavailable", "service_unavailable"],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.map((c) => (c && typeof c === "object" && "text" in c ? String(c.text) : "")).join("")
      : "";

/** A request's messages as plain role and text, for assertions. */
export const transcript = (body: MistralRequestBody) =>
  body.messages.map((m) => ({ role: m.role, content: textOf(m.content) }));

/** The scripted model's own judgement, used when nothing was queued. */
function decide(body: MistralRequestBody): FakeReply {
  const last = body.messages.at(-1);
  const lastUser = textOf([...body.messages].reverse().find((m) => m.role === "user")?.content);
  if (last?.role === "tool") {
    const result = JSON.parse(textOf(last.content) || "{}") as {
      found?: boolean;
      order?: { orderNumber: string; status: string; carrier?: string; trackingNumber?: string };
      eligible?: boolean;
      reason?: string;
    };
    // [[slow]] with an order question holds the answer back, so the tool-call state can be seen.
    const delayMs = lastUser.includes("[[slow]]") ? 1500 : 0;
    if (!result.found) return { text: "I couldn't find an order with that number and email. Could you check both?", delayMs };
    if (result.order) {
      const o = result.order;
      const tracking = o.trackingNumber ? ` It is with ${o.carrier}, tracking number ${o.trackingNumber}.` : "";
      return { text: `Your order ${o.orderNumber} is ${o.status}.${tracking}`, delayMs };
    }
    return { text: `Return check: ${result.eligible ? "eligible" : "not eligible"}. ${result.reason ?? ""}`.trim(), delayMs };
  }
  const order = /\bHP-\d{5}\b/i.exec(lastUser)?.[0];
  const email = /[^\s@,;]+@[^\s@,;]+\.[a-z]{2,}/i.exec(lastUser)?.[0];
  const lookup = body.tools?.find((t) => t.function.name === "lookup_order");
  // A verified shopper's tools take no email (their schema has none): the order number is enough.
  const emailNeeded = Boolean((lookup?.function.parameters as { properties?: Record<string, unknown> } | undefined)?.properties?.email);
  if (order && (email || !emailNeeded) && last?.role === "user" && lookup) {
    const name = /return/i.test(lastUser) ? "check_return_eligibility" : "lookup_order";
    return { toolCalls: [{ name, arguments: emailNeeded ? { orderNumber: order.toUpperCase(), email } : { orderNumber: order.toUpperCase() } }] };
  }
  // Like the real model: an order number without the email its tools need gets a question back.
  if (order && emailNeeded && !email && last?.role === "user") {
    return { text: `I can look up order ${order.toUpperCase()} for you: what is the email address on the order?` };
  }
  if (lastUser.includes("[[handoff]]") && last?.role === "user" && body.tools?.some((t) => t.function.name === "handoff_to_human")) {
    return { toolCalls: [{ name: "handoff_to_human", arguments: { reason: "customer_request", summary: "The shopper asked for a person." } }] };
  }
  if (lastUser.includes("[[hang]]")) return { hang: true };
  if (lastUser.includes("[[fail]]")) return { status: 500 };
  if (lastUser.includes("[[xss]]")) return { text: XSS_REPLY };
  if (lastUser.includes("[[slow]]")) {
    return {
      text: "Let me walk you through our shipping options one step at a time, starting with the standard rate and then the express one, and finally international delivery times in detail.",
      delayMs: 1500,
      chunkDelayMs: 250,
    };
  }
  return { text: `Thanks for your message! This is the fake model answering: ${lastUser.slice(0, 60)}` };
}

export interface FakeMistral {
  url: string;
  /** The base URL to give the Mistral provider (ends in /v1). */
  baseURL: string;
  requests: ReceivedRequest[];
  script(...replies: FakeReply[]): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeMistral(port = 0): Promise<FakeMistral> {
  const queue: FakeReply[] = [];
  const requests: ReceivedRequest[] = [];
  let callCount = 0;

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");

    // Test control endpoints, for end-to-end runs in another process.
    if (req.url === "/__requests") return void res.end(JSON.stringify(requests));
    if (req.url === "/__script" && req.method === "POST") {
      queue.push(...(JSON.parse(raw) as FakeReply[]));
      return void res.end("{}");
    }
    if (req.url === "/__reset" && req.method === "POST") {
      queue.length = 0;
      requests.length = 0;
      return void res.end("{}");
    }
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ detail: "Not Found" }));
    }

    let body: MistralRequestBody;
    try {
      body = JSON.parse(raw) as MistralRequestBody;
    } catch {
      res.writeHead(400, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ object: "error", message: "Invalid JSON", type: "invalid_request_error", param: null, code: null }));
    }
    requests.push({ path: req.url, headers: req.headers, body });
    if (!req.headers.authorization?.startsWith("Bearer ")) {
      res.writeHead(401, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ message: "Unauthorized", request_id: "fake" }));
    }

    const reply = queue.shift() ?? decide(body);
    let aborted = false;
    res.on("close", () => (aborted = !res.writableFinished));
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.hang) return; // the client's abort closes the socket
    if (aborted) return;

    if (reply.status && reply.status >= 400) {
      const [message, type] = ERROR_TYPES[reply.status] ?? ["Error", "error"];
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      return void res.end(JSON.stringify({ object: "error", message, type, param: null, code: String(reply.status) }));
    }

    const id = `cmpl-fake-${++callCount}`;
    const created = Math.floor(Date.now() / 1000);
    const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
      id: `call${String(callCount).padStart(3, "0")}${index}x`.slice(0, 9).padEnd(9, "a"),
      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
      index,
    }));
    const finishReason = toolCalls.length > 0 ? "tool_calls" : "stop";
    const text = reply.text ?? "";
    const usage = { prompt_tokens: 120, completion_tokens: Math.max(1, text.split(/\s+/).length), total_tokens: 0 };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;

    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json", ...reply.headers });
      return void res.end(
        JSON.stringify({
          id,
          object: "chat.completion",
          created,
          model: body.model,
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: text,
                tool_calls: toolCalls.length ? toolCalls.map(({ id: callId, function: fn }) => ({ id: callId, function: fn })) : null,
              },
              finish_reason: finishReason,
            },
          ],
          usage,
        }),
      );
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...reply.headers });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null, withUsage = false) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model: body.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...(withUsage ? { usage } : {}),
    });
    send(chunk({ role: "assistant", content: "" }, null));
    const words = text.split(/(?<=\s)/);
    const per = reply.wordsPerChunk ?? 1;
    for (let i = 0; i < words.length && text; i += per) {
      if (aborted) return;
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      if (aborted) return;
      send(chunk({ content: words.slice(i, i + per).join("") }, null));
    }
    if (toolCalls.length) send(chunk({ content: "", tool_calls: toolCalls }, null));
    send(chunk({ content: "" }, finishReason, true));
    res.write("data: [DONE]\n\n");
    res.end();
  });

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    script: (...replies) => queue.push(...replies),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
